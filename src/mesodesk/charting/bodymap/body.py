"""The body below the neck: the abdomen, the backs of the hands, the thighs and buttocks, the
back. Schematic outlines, in the view's own 0-to-100 coordinates.

On the views from the front (abdomen, hands) the patient's right is on the picture's left;
on the views from behind (thighs and buttocks, back) it is on the picture's right.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mesodesk.charting.bodymap.geometry import Region, View, box, mirrored_path

ABDOMEN = View(
    "abdomen",
    _("Abdomen"),
    width_cm=32,
    height_cm=26,
    outline="M12 2 L88 2 C94 30 96 60 90 98 L10 98 C4 60 6 30 12 2 Z",
    regions=(
        Region("upper_abdomen_right", _("Upper abdomen, right"), box(6, 2, 50, 40)),
        Region("upper_abdomen_left", _("Upper abdomen, left"), box(50, 2, 94, 40)),
        Region("periumbilical", _("Around the navel"), box(30, 40, 70, 62)),
        Region("flank_right", _("Right flank"), box(4, 40, 30, 98)),
        Region("flank_left", _("Left flank"), box(70, 40, 96, 98)),
        Region("lower_abdomen", _("Lower abdomen"), box(30, 62, 70, 98)),
    ),
    guides=((50, 2, 50, 98), (6, 51, 94, 51)),
    framing=_("Standing, arms out of the picture; from below the ribs to the hip bones."),
)

# The right hand, fingers up and thumb towards the middle; the left hand is its mirror.
_RIGHT_HAND = (
    "M8 96 L8 44 C8 30 9 8 14 6 L38 6 C42 8 42 30 42 40 L47 30 C49 27 53 28 52 33 L45 58 C44 64 42 70 42 96 Z"
)

HANDS_BACK = View(
    "hands_back",
    _("Backs of the hands"),
    width_cm=40,
    height_cm=22,
    outline=f"{_RIGHT_HAND} {mirrored_path(_RIGHT_HAND)}",
    regions=(
        Region("fingers_right", _("Fingers, right hand"), box(8, 4, 44, 40)),
        Region("dorsum_right", _("Back of the right hand"), box(6, 40, 48, 98)),
        Region("fingers_left", _("Fingers, left hand"), box(56, 4, 92, 40)),
        Region("dorsum_left", _("Back of the left hand"), box(52, 40, 94, 98)),
    ),
    # The line of the knuckles on each hand, and the gaps between the fingers.
    guides=(
        (8, 40, 44, 40),
        (56, 40, 92, 40),
        (17, 8, 17, 34),
        (26, 6, 26, 34),
        (35, 8, 35, 34),
        (65, 8, 65, 34),
        (74, 6, 74, 34),
        (83, 8, 83, 34),
    ),  # fmt: skip
    framing=_(
        "Both hands flat side by side, palms down, fingers together; from the fingertips to the wrists."
    ),
)

THIGHS_BUTTOCKS = View(
    "thighs_buttocks",
    _("Thighs and buttocks, from behind"),
    width_cm=44,
    height_cm=60,
    outline=(
        "M6 2 L94 2 C98 20 98 38 96 50 L88 98 L54 98 L51 46 L49 46 L46 98 L12 98 L4 50 C2 38 2 20 6 2 Z"
    ),
    regions=(
        Region("buttock_left", _("Left buttock"), box(4, 2, 50, 40)),
        Region("buttock_right", _("Right buttock"), box(50, 2, 96, 40)),
        Region("thigh_outer_left", _("Outer left thigh"), box(2, 40, 18, 98)),
        Region("thigh_back_left", _("Back of the left thigh"), box(18, 40, 49, 98)),
        Region("thigh_back_right", _("Back of the right thigh"), box(51, 40, 82, 98)),
        Region("thigh_outer_right", _("Outer right thigh"), box(82, 40, 98, 98)),
    ),
    # The midline and the folds under the buttocks.
    guides=((50, 2, 50, 46), (4, 40, 96, 40)),
    framing=_("Standing, feet hip-width apart, back to the lens; from the waist to the knees."),
)

BACK = View(
    "back",
    _("Back"),
    width_cm=40,
    height_cm=50,
    outline=(
        "M14 2 L86 2 C94 4 98 10 98 20 L92 50 C90 62 92 80 96 98 L4 98 C8 80 10 62 8 50 "
        "L2 20 C2 10 6 4 14 2 Z"
    ),
    regions=(
        Region("scapular_left", _("Left shoulder blade"), box(2, 2, 50, 40)),
        Region("scapular_right", _("Right shoulder blade"), box(50, 2, 98, 40)),
        Region("mid_back_left", _("Middle of the back, left"), box(4, 40, 50, 70)),
        Region("mid_back_right", _("Middle of the back, right"), box(50, 40, 96, 70)),
        Region("lumbar_left", _("Lower back, left"), box(4, 70, 50, 98)),
        Region("lumbar_right", _("Lower back, right"), box(50, 70, 96, 98)),
    ),
    # The spine, and the line of the lower tips of the shoulder blades.
    guides=((50, 2, 50, 98), (6, 40, 94, 40)),
    framing=_("Standing, back to the lens, arms by the sides; from the shoulders to the waist."),
)
