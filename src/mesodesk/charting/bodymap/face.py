"""The head and neck: the face from the front and from each side, the scalp from above, the
neck and décolleté. Schematic outlines, in the view's own 0-to-100 coordinates.

On the front views the patient's right is on the picture's left, as the clinician facing
them sees it; seen from above, with the forehead at the top, it is on the picture's right.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mesodesk.charting.bodymap.geometry import Region, View, box, mirrored

FACE_FRONT = View(
    "face_front",
    _("Face, front"),
    width_cm=16,
    height_cm=22,
    outline="M50 2 C78 2 90 22 90 45 C90 72 74 98 50 98 C26 98 10 72 10 45 C10 22 22 2 50 2 Z",
    regions=(
        Region("forehead", _("Forehead"), box(18, 6, 82, 30)),
        Region("glabella", _("Glabella"), box(42, 30, 58, 40)),
        Region("periorbital_right", _("Right periorbital area"), box(18, 30, 42, 44)),
        Region("periorbital_left", _("Left periorbital area"), box(58, 30, 82, 44)),
        Region("nose", _("Nose"), box(42, 40, 58, 62)),
        Region("cheek_right", _("Right cheek"), box(12, 44, 42, 62)),
        Region("cheek_left", _("Left cheek"), box(58, 44, 88, 62)),
        Region("perioral", _("Perioral area"), box(30, 62, 70, 80)),
        Region("jawline_right", _("Right jawline"), box(14, 62, 30, 90)),
        Region("jawline_left", _("Left jawline"), box(70, 62, 86, 90)),
        Region("chin", _("Chin"), box(30, 80, 70, 97)),
    ),
    # The midline and the facial thirds, as the clinician's eye uses them.
    guides=((50, 2, 50, 98), (10, 33, 90, 33), (10, 64, 90, 64)),
    framing=_(
        "Head level and facing the lens, hair held back, no make-up; from the hairline to below the chin."
    ),
)

# The right side of the face, the nose towards the picture's right; the left profile is its mirror.
FACE_PROFILE_RIGHT = View(
    "face_profile_right",
    _("Face, right profile"),
    width_cm=20,
    height_cm=24,
    outline=(
        "M46 3 C68 2 82 12 84 28 L86 36 C85 40 88 45 92 51 L95 57 C92 60 88 60 87 62 "
        "C89 66 89 69 86 71 C89 75 88 79 85 82 C85 91 78 96 66 96 C54 96 44 92 38 86 "
        "L30 80 C16 76 8 60 8 42 C8 18 24 4 46 3 Z"
    ),
    regions=(
        Region("forehead", _("Forehead"), box(40, 4, 82, 30)),
        Region("temple", _("Temple"), box(18, 12, 40, 38)),
        Region("periorbital", _("Outer corner of the eye"), box(40, 30, 70, 44)),
        Region("nose", _("Nose"), box(70, 30, 95, 60)),
        Region("preauricular", _("In front of the ear"), box(18, 38, 40, 64)),
        Region("cheek", _("Cheek"), box(40, 44, 70, 64)),
        Region("perioral", _("Perioral area"), box(62, 64, 90, 80)),
        Region("jawline", _("Jawline"), box(22, 64, 62, 92)),
        Region("chin", _("Chin"), box(62, 80, 88, 96)),
    ),
    # The facial thirds, and the vertical through the outer corner of the eye.
    guides=((8, 33, 96, 33), (8, 64, 96, 64), (56, 20, 56, 96)),
    framing=_(
        "Head turned a quarter turn, eyes level, the ear and the tip of the nose in the picture; "
        "from the hairline to below the chin."
    ),
)

FACE_PROFILE_LEFT = mirrored(
    FACE_PROFILE_RIGHT,
    "face_profile_left",
    _("Face, left profile"),
    {r.code: (r.code, r.label) for r in FACE_PROFILE_RIGHT.regions},
)

SCALP_TOP = View(
    "scalp_top",
    _("Scalp, from above"),
    width_cm=16,
    height_cm=20,
    outline="M50 2 C80 2 96 25 96 50 C96 78 78 98 50 98 C22 98 4 78 4 50 C4 25 20 2 50 2 Z",
    regions=(
        Region("frontal", _("Frontal area"), box(10, 2, 90, 30)),
        Region("parietal_left", _("Left parietal area"), box(4, 30, 36, 72)),
        Region("vertex", _("Vertex"), box(36, 30, 64, 72)),
        Region("parietal_right", _("Right parietal area"), box(64, 30, 96, 72)),
        Region("occipital", _("Occipital area"), box(10, 72, 90, 98)),
    ),
    guides=((50, 2, 50, 98),),
    framing=_("From above, the hair parted down the middle; from the front hairline to the crown."),
)

NECK_DECOLLETE = View(
    "neck_decollete",
    _("Neck and décolleté"),
    width_cm=30,
    height_cm=28,
    outline=("M34 2 L66 2 L67 30 C72 36 88 38 98 44 L98 98 L2 98 L2 44 C12 38 28 36 33 30 Z"),
    regions=(
        Region("neck_side_right", _("Right side of the neck"), box(22, 2, 36, 40)),
        Region("neck_front", _("Front of the neck"), box(36, 2, 64, 40)),
        Region("neck_side_left", _("Left side of the neck"), box(64, 2, 78, 40)),
        Region("decollete_right", _("Décolleté, right"), box(2, 40, 50, 98)),
        Region("decollete_left", _("Décolleté, left"), box(50, 40, 98, 98)),
    ),
    # The midline and the line of the collarbones.
    guides=((50, 2, 50, 98), (4, 42, 96, 42)),
    framing=_(
        "Facing the lens, chin level, shoulders relaxed; "
        "from the chin to a hand's width below the collarbones."
    ),
)
