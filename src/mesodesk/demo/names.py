"""Names for the demo's patients, by the language they prefer: a Lyon practice's mix of
French speakers, German-speaking neighbours and English-speaking residents."""

from __future__ import annotations

GIVEN = {
    "fr": {
        "female": (
            "Camille Léa Manon Chloé Inès Sarah Julie Emma Louise Claire Mathilde Pauline Élodie "
            "Sandrine Nathalie Isabelle Céline Aurélie Margaux Anaïs Hélène Brigitte Sylvie Agnès "
            "Océane Juliette"
        ).split(),
        "male": (
            "Lucas Hugo Louis Nathan Théo Julien Nicolas Antoine Maxime Thomas Pierre Olivier "
            "Sébastien Laurent François Guillaume Mathieu Benoît Rémi Étienne"
        ).split(),
    },
    "de": {
        "female": (
            "Anna Lena Laura Julia Katharina Sophie Hannah Lea Sabine Petra Claudia Andrea Monika "
            "Ursula Birgit Franziska Johanna Greta Miriam Jana"
        ).split(),
        "male": (
            "Lukas Jonas Felix Leon Maximilian Paul Tobias Stefan Andreas Michael Thomas Jürgen "
            "Matthias Florian Sebastian Klaus Wolfgang Moritz"
        ).split(),
    },
    "en": {
        "female": (
            "Olivia Amelia Isla Emily Grace Charlotte Sophie Hannah Rachel Jessica Lucy Eleanor "
            "Megan Abigail Sarah Kate"
        ).split(),
        "male": (
            "Oliver George Harry Jack James William Thomas Daniel Matthew Samuel Edward Henry Alexander Ryan"
        ).split(),
    },
}

FAMILY = {
    "fr": (
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
        "Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André "
        "Lefèvre Mercier Dupont Lambert Bonnet François Martinez Legrand Garnier Faure "
        "Rousseau Blanc Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu Clément "
        "Gauthier Dumont Lopez Fontaine Chevalier Robin"
    ).split(),
    "de": (
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer "
        "Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger "
        "Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann Köhler Huber"
    ).split(),
    "en": (
        "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson "
        "Evans Walker White Roberts Green Hall Wood Jackson Clarke Hughes Edwards Turner "
        "Harris"
    ).split(),
}

# What a patient says they want, in their own language (the history's free-text goal).
GOALS = {
    "skin_rejuvenation": {
        "fr": "Retrouver un teint plus lumineux.",
        "de": "Frischere, strahlendere Haut.",
        "en": "A fresher, brighter complexion.",
    },
    "hair_loss": {
        "fr": "Freiner la chute de cheveux.",
        "de": "Den Haarausfall bremsen.",
        "en": "Slow down my hair loss.",
    },
    "wrinkles": {
        "fr": "Atténuer les rides du front.",
        "de": "Die Stirnfalten mildern.",
        "en": "Soften the lines on my forehead.",
    },
    "cellulite": {
        "fr": "Lisser la peau des cuisses.",
        "de": "Glattere Haut an den Oberschenkeln.",
        "en": "Smoother skin on my thighs.",
    },
    "localized_fat": {
        "fr": "Affiner la silhouette.",
        "de": "Eine schlankere Silhouette.",
        "en": "A slimmer waistline.",
    },
    "sports_injury": {
        "fr": "Reprendre la course sans douleur.",
        "de": "Wieder schmerzfrei laufen.",
        "en": "Run again without pain.",
    },
}
