"""The intake's questions in plain words, in each language a patient may choose.

Each question maps to one screening condition code of the contract, so answering
yes records exactly that code; the clinician sees the code and its source."""

from __future__ import annotations

CONDITION_QUESTIONS: dict[str, dict[str, str]] = {
    "pregnancy": {
        "en": "Are you pregnant, or could you be?",
        "fr": "Êtes-vous enceinte, ou pourriez-vous l'être ?",
    },
    "multi_allergy": {
        "en": "Are you allergic to several different substances?",
        "fr": "Êtes-vous allergique à plusieurs substances différentes ?",
    },
    "hypertrophic_scarring": {
        "en": "Do your scars tend to become thick and raised?",
        "fr": "Vos cicatrices ont-elles tendance à devenir épaisses et en relief ?",
    },
    "pigment_disorder": {
        "en": "Do you have a skin pigment disorder (for example vitiligo or patches of dark skin)?",
        "fr": "Avez-vous un trouble de la pigmentation de la peau (par exemple vitiligo ou taches foncées) ?",
    },
    "active_autoimmune": {
        "en": "Do you have an autoimmune disease that is active at the moment?",
        "fr": "Avez-vous une maladie auto-immune actuellement active ?",
    },
    "severe_cardiovascular": {
        "en": "Do you have a serious heart or blood-vessel disease?",
        "fr": "Avez-vous une maladie grave du cœur ou des vaisseaux ?",
    },
    "severe_metabolic": {
        "en": "Do you have a serious metabolic disease (for example poorly controlled diabetes)?",
        "fr": "Avez-vous une maladie métabolique grave (par exemple un diabète mal équilibré) ?",
    },
    "acute_infection": {
        "en": "Do you have an infection right now (a cold sore, flu, a skin infection…)?",
        "fr": "Avez-vous une infection en ce moment (bouton de fièvre, grippe, infection de la peau…) ?",
    },
    "acute_inflammatory_dermatosis": {
        "en": "Is your skin inflamed right now (a flare of eczema, dermatitis…)?",
        "fr": "Votre peau est-elle enflammée en ce moment (poussée d'eczéma, dermatite…) ?",
    },
    "epilepsy": {"en": "Do you have epilepsy?", "fr": "Êtes-vous épileptique ?"},
    "psoriasis": {"en": "Do you have psoriasis?", "fr": "Avez-vous du psoriasis ?"},
    "neurodermatitis": {
        "en": "Do you have atopic eczema (neurodermatitis)?",
        "fr": "Avez-vous un eczéma atopique (névrodermite) ?",
    },
    "bleeding_disorder": {
        "en": "Do you bruise or bleed easily, or have a clotting disorder?",
        "fr": "Faites-vous facilement des bleus ou saignez-vous facilement, ou avez-vous un trouble de la coagulation ?",
    },
    "herpes_tendency": {
        "en": "Do you often get cold sores (herpes)?",
        "fr": "Avez-vous souvent des boutons de fièvre (herpès) ?",
    },
    "dysmorphophobia": {
        "en": "Are you very distressed by a flaw in your appearance that others hardly notice?",
        "fr": "Êtes-vous très préoccupé(e) par un défaut d'apparence que les autres remarquent à peine ?",
    },
}

LABELS: dict[str, dict[str, str]] = {
    "title": {"en": "Before your mesotherapy", "fr": "Avant votre mésothérapie"},
    "intro": {
        "en": "Please answer these questions. Your answers go to your clinician only.",
        "fr": "Merci de répondre à ces questions. Vos réponses ne sont transmises qu'à votre praticien.",
    },
    "health": {"en": "Your health", "fr": "Votre santé"},
    "allergies": {
        "en": "Are you allergic to any of these?",
        "fr": "Êtes-vous allergique à l'un de ces produits ?",
    },
    "other_allergies": {
        "en": "Other allergies (one per line)",
        "fr": "Autres allergies (une par ligne)",
    },
    "medications": {
        "en": "Do you take any of these medicines?",
        "fr": "Prenez-vous l'un de ces médicaments ?",
    },
    "other_medications": {
        "en": "Other medicines you take (one per line)",
        "fr": "Autres médicaments que vous prenez (un par ligne)",
    },
    "breastfeeding": {"en": "Are you breastfeeding?", "fr": "Allaitez-vous ?"},
    "hair_loss_onset_months": {
        "en": "If you are losing hair: how many months ago did it start?",
        "fr": "Si vous perdez vos cheveux : il y a combien de mois cela a-t-il commencé ?",
    },
    "expects_quick_results": {
        "en": "Do you expect a visible result after the first session?",
        "fr": "Attendez-vous un résultat visible dès la première séance ?",
    },
    "goals": {"en": "What would you like to achieve?", "fr": "Que souhaitez-vous obtenir ?"},
    "areas": {"en": "Which areas would you like treated?", "fr": "Quelles zones souhaitez-vous traiter ?"},
    "submit": {"en": "Send my answers", "fr": "Envoyer mes réponses"},
    "thanks": {
        "en": "Thank you. Your answers have been sent to your clinician.",
        "fr": "Merci. Vos réponses ont été transmises à votre praticien.",
    },
    "expired": {
        "en": "This link has expired or has already been used. Please ask the clinic for a new one.",
        "fr": "Ce lien a expiré ou a déjà été utilisé. Demandez-en un nouveau au cabinet.",
    },
}

MEDICATION_LABELS: dict[str, dict[str, str]] = {
    "aspirin": {"en": "Aspirin", "fr": "Aspirine"},
    "nsaid": {
        "en": "Anti-inflammatory painkillers (ibuprofen, naproxen, diclofenac…)",
        "fr": "Anti-inflammatoires (ibuprofène, naproxène, diclofénac…)",
    },
    "dipyridamole": {"en": "Dipyridamole", "fr": "Dipyridamole"},
    "anticoagulant": {
        "en": "Blood thinners (warfarin, apixaban, rivaroxaban, heparin…)",
        "fr": "Anticoagulants (warfarine, apixaban, rivaroxaban, héparine…)",
    },
}

AREAS: dict[str, dict[str, str]] = {
    "face": {"en": "Face", "fr": "Visage"},
    "neck": {"en": "Neck", "fr": "Cou"},
    "decollete": {"en": "Chest (décolleté)", "fr": "Décolleté"},
    "hands": {"en": "Back of the hands", "fr": "Dos des mains"},
    "scalp": {"en": "Scalp", "fr": "Cuir chevelu"},
    "abdomen": {"en": "Abdomen", "fr": "Ventre"},
    "thighs": {"en": "Thighs", "fr": "Cuisses"},
    "buttocks": {"en": "Buttocks", "fr": "Fesses"},
    "arms": {"en": "Arms", "fr": "Bras"},
    "joints": {"en": "A painful joint or tendon", "fr": "Une articulation ou un tendon douloureux"},
}

# Common names, brand and generic, that a patient may write for the drugs screening
# recognises. A drug glossary, not a clinical rule: the rules live in the knowledge base.
MEDICATION_NAMES: dict[str, tuple[str, ...]] = {
    "aspirin": ("aspirin", "aspirine", "acetylsalicylic", "acétylsalicylique", "kardegic", "aspegic"),
    "nsaid": ("ibuprofen", "ibuprofène", "advil", "nurofen", "naproxen", "naproxène", "diclofenac",
              "diclofénac", "voltaren", "ketoprofen", "kétoprofène", "celecoxib", "nsaid", "ains"),
    "dipyridamole": ("dipyridamole", "persantine", "asasantin"),
    "anticoagulant": ("warfarin", "warfarine", "coumadin", "acenocoumarol", "sintrom", "fluindione",
                      "previscan", "apixaban", "eliquis", "rivaroxaban", "xarelto", "dabigatran",
                      "pradaxa", "edoxaban", "heparin", "héparine", "enoxaparin", "énoxaparine",
                      "lovenox", "tinzaparin", "innohep"),
}  # fmt: skip


def recognise_medications(text: str) -> set[str]:
    """The screening medication codes a free-text list of medicines names."""
    words = text.lower()
    return {code for code, names in MEDICATION_NAMES.items() if any(name in words for name in names)}
