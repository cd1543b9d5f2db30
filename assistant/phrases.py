"""The assistant's fixed phrases in the seven languages."""
from __future__ import annotations

PHRASES: dict[str, dict[str, str]] = {
    "intro": {
        "en": "Here is how other regions have handled this ({count} practices):",
        "fr": "Voici comment d'autres régions ont traité cette question ({count} pratiques) :",
        "de": "So sind andere Regionen damit umgegangen ({count} Praktiken):",
        "es": "Así lo han abordado otras regiones ({count} prácticas):",
        "it": "Ecco come altre regioni hanno affrontato la questione ({count} pratiche):",
        "el": "Δείτε πώς το αντιμετώπισαν άλλες περιφέρειες ({count} πρακτικές):",
        "pt": "Eis como outras regiões abordaram esta questão ({count} práticas):",
    },
    "intro_one": {
        "en": "Here is how another region has handled this:",
        "fr": "Voici comment une autre région a traité cette question :",
        "de": "So ist eine andere Region damit umgegangen:",
        "es": "Así lo ha abordado otra región:",
        "it": "Ecco come un'altra regione ha affrontato la questione:",
        "el": "Δείτε πώς το αντιμετώπισε μια άλλη περιφέρεια:",
        "pt": "Eis como outra região abordou esta questão:",
    },
    "done": {
        "en": "What was done", "fr": "Ce qui a été fait", "de": "Was getan wurde",
        "es": "Qué se hizo", "it": "Cosa è stato fatto", "el": "Τι έγινε",
        "pt": "O que foi feito",
    },
    "challenges": {
        "en": "Challenge", "fr": "Défi", "de": "Herausforderung", "es": "Reto",
        "it": "Sfida", "el": "Πρόκληση", "pt": "Desafio",
    },
    "solutions": {
        "en": "Solution", "fr": "Solution", "de": "Lösung", "es": "Solución",
        "it": "Soluzione", "el": "Λύση", "pt": "Solução",
    },
    "lessons_learnt": {
        "en": "Lesson learnt", "fr": "Enseignement tiré", "de": "Lehre daraus",
        "es": "Lección aprendida", "it": "Lezione appresa", "el": "Δίδαγμα",
        "pt": "Lição aprendida",
    },
    "original_language": {
        "en": "(text in {language})", "fr": "(texte en {language})",
        "de": "(Text auf {language})", "es": "(texto en {language})",
        "it": "(testo in {language})", "el": "(κείμενο στα {language})",
        "pt": "(texto em {language})",
    },
    "no_answer": {
        "en": "I could not find any practice in the Integration Lab that answers this "
              "question.",
        "fr": "Je n'ai trouvé aucune pratique de l'Integration Lab qui réponde à cette "
              "question.",
        "de": "Ich habe im Integration Lab keine Praxis gefunden, die diese Frage beantwortet.",
        "es": "No he encontrado ninguna práctica en el Integration Lab que responda a esta "
              "pregunta.",
        "it": "Non ho trovato nell'Integration Lab alcuna pratica che risponda a questa "
              "domanda.",
        "el": "Δεν βρήκα καμία πρακτική στο Integration Lab που να απαντά σε αυτή την ερώτηση.",
        "pt": "Não encontrei nenhuma prática no Integration Lab que responda a esta pergunta.",
    },
    "no_answer_filtered": {
        "en": "No practice matches this question with the filters you chose ({filters}).",
        "fr": "Aucune pratique ne correspond à cette question avec les filtres choisis "
              "({filters}).",
        "de": "Keine Praxis passt mit den gewählten Filtern ({filters}) zu dieser Frage.",
        "es": "Ninguna práctica responde a esta pregunta con los filtros elegidos "
              "({filters}).",
        "it": "Nessuna pratica risponde a questa domanda con i filtri scelti ({filters}).",
        "el": "Καμία πρακτική δεν ταιριάζει σε αυτή την ερώτηση με τα φίλτρα που επιλέξατε "
              "({filters}).",
        "pt": "Nenhuma prática corresponde a esta pergunta com os filtros escolhidos "
              "({filters}).",
    },
    "suggest": {
        "en": "Try other words, ask about an integration area (jobs, housing, language "
              "courses, health…), or browse and filter all practices at {url}.",
        "fr": "Essayez d'autres mots, posez une question sur un domaine de l'intégration "
              "(emploi, logement, cours de langue, santé…) ou parcourez et filtrez toutes les "
              "pratiques sur {url}.",
        "de": "Versuchen Sie andere Wörter, fragen Sie nach einem Integrationsbereich (Arbeit, "
              "Wohnen, Sprachkurse, Gesundheit …) oder durchsuchen und filtern Sie alle "
              "Praktiken unter {url}.",
        "es": "Pruebe con otras palabras, pregunte por un ámbito de la integración (empleo, "
              "vivienda, cursos de idiomas, salud…) o explore y filtre todas las prácticas en "
              "{url}.",
        "it": "Provi con altre parole, chieda di un ambito dell'integrazione (lavoro, "
              "alloggio, corsi di lingua, salute…) oppure consulti e filtri tutte le pratiche "
              "su {url}.",
        "el": "Δοκιμάστε άλλες λέξεις, ρωτήστε για έναν τομέα ένταξης (εργασία, στέγαση, "
              "μαθήματα γλώσσας, υγεία…) ή περιηγηθείτε και φιλτράρετε όλες τις πρακτικές "
              "στο {url}.",
        "pt": "Experimente outras palavras, pergunte sobre uma área da integração (emprego, "
              "habitação, cursos de língua, saúde…) ou consulte e filtre todas as práticas em "
              "{url}.",
    },
    "filters": {
        "en": "Filters", "fr": "Filtres", "de": "Filter", "es": "Filtros", "it": "Filtri",
        "el": "Φίλτρα", "pt": "Filtros",
    },
    "definition": {
        "en": "Glossary", "fr": "Glossaire", "de": "Glossar", "es": "Glosario",
        "it": "Glossario", "el": "Γλωσσάριο", "pt": "Glossário",
    },
    "sources": {
        "en": "Sources", "fr": "Sources", "de": "Quellen", "es": "Fuentes", "it": "Fonti",
        "el": "Πηγές", "pt": "Fontes",
    },
}


def phrase(key: str, lang: str, **values: object) -> str:
    """A fixed phrase in lang (English when missing), with values filled in."""
    texts = PHRASES[key]
    return texts.get(lang, texts["en"]).format(**values)
