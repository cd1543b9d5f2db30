"""Controlled vocabularies (areas, roles, target groups, aspects, countries, languages) and their normalisation."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from knowledge.errors import VocabularyError
from knowledge.text import fold, words

LANGS: tuple[str, ...] = ("en", "fr", "de", "es", "it", "el", "pt")


@dataclass(frozen=True)
class Term:
    """One vocabulary entry with its label in every supported language."""

    key: str
    labels: dict[str, str] = field(hash=False)  # all of LANGS
    group: str | None = None
    synonyms: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        """The label in `lang` (regional variants such as fr-BE accepted), falling back to English."""
        return self.labels.get(lang) or self.labels.get(lang[:2].lower()) or self.labels["en"]


# Data rows: (key, "en|fr|de|es|it|el|pt" labels, "; "-separated synonyms in any language).
_Row = tuple[str, str, str]


def _build(rows: Iterable[_Row], groups: dict[str, str] | None = None) -> dict[str, Term]:
    """Terms from compact data rows; a row without all seven labels is a programming error."""
    terms: dict[str, Term] = {}
    for key, labels, synonyms in rows:
        parts = [part.strip() for part in labels.split("|")]
        if len(parts) != len(LANGS) or not all(parts):
            raise ValueError(f"vocabulary term {key!r} needs {len(LANGS)} non-empty labels")
        syns = tuple(s.strip() for s in synonyms.split(";") if s.strip())
        terms[key] = Term(key, dict(zip(LANGS, parts)), (groups or {}).get(key), syns)
    return terms


AREAS: dict[str, Term] = _build([
    ("labour_market", "Labour market|Marché du travail|Arbeitsmarkt|Mercado laboral|Mercato del lavoro|Αγορά εργασίας|Mercado de trabalho",
     "labor market; labour market integration; labor market integration; labour market access; employment; jobs; work; labour; labor; vocational training; job search; job placement; employability; self-employment; entrepreneurship; "
     "emploi; travail; insertion professionnelle; formation professionnelle; intégration professionnelle; employabilité; entrepreneuriat; "
     "Beschäftigung; Arbeit; Arbeitsmarktintegration; berufliche Integration; Berufsausbildung; berufliche Bildung; Erwerbstätigkeit; Arbeitsvermittlung; "
     "empleo; trabajo; mercado de trabajo; inserción laboral; formación profesional; empleabilidad; emprendimiento; "
     "lavoro; occupazione; inserimento lavorativo; formazione professionale; impiego; imprenditorialità; "
     "απασχόληση; εργασία; δουλειά; επαγγελματική κατάρτιση; ένταξη στην αγορά εργασίας; "
     "emprego; trabalho; mercado laboral; formação profissional; inserção profissional; empregabilidade; empreendedorismo"),
    ("education", "Education|Éducation|Bildung|Educación|Istruzione|Εκπαίδευση|Educação",
     "schooling; school; schools; school education; early childhood education; higher education; adult education; "
     "enseignement; école; scolarisation; scolarité; éducation des adultes; "
     "Schule; Schulbildung; Bildungswesen; Erwachsenenbildung; frühkindliche Bildung; "
     "escolarización; escuela; enseñanza; educación de adultos; "
     "educazione; scuola; scolarizzazione; istruzione degli adulti; "
     "σχολείο; σχολική εκπαίδευση; παιδεία; εκπαίδευση ενηλίκων; "
     "escolarização; escola; ensino; educação de adultos"),
    ("health", "Health|Santé|Gesundheit|Salud|Salute|Υγεία|Saúde",
     "healthcare; health care; mental health; psychosocial support; medical care; access to healthcare; "
     "santé mentale; soins; soins de santé; accès aux soins; soutien psychosocial; "
     "Gesundheitsversorgung; psychische Gesundheit; medizinische Versorgung; psychosoziale Unterstützung; "
     "sanidad; salud mental; atención sanitaria; apoyo psicosocial; "
     "sanità; salute mentale; assistenza sanitaria; supporto psicosociale; "
     "υγειονομική περίθαλψη; περίθαλψη; ψυχική υγεία; ψυχοκοινωνική υποστήριξη; "
     "saúde mental; cuidados de saúde; apoio psicossocial"),
    ("housing", "Housing|Logement|Wohnen|Vivienda|Alloggio|Στέγαση|Habitação",
     "accommodation; housing support; social housing; affordable housing; "
     "hébergement; habitat; logement social; "
     "Wohnraum; Wohnung; Wohnungen; Unterkunft; sozialer Wohnungsbau; "
     "alojamiento; vivienda social; "
     "abitazione; politiche abitative; edilizia sociale; housing sociale; "
     "κατοικία; στέγη; κοινωνική κατοικία; "
     "alojamento; moradia; habitação social"),
    ("language", "Language|Langue|Sprache|Idioma|Lingua|Γλώσσα|Língua",
     "languages; language courses; language learning; language training; language classes; language acquisition; language tuition; "
     "cours de langue; apprentissage de la langue; apprentissage linguistique; formation linguistique; "
     "Sprachkurse; Sprachkurs; Spracherwerb; Sprachförderung; Deutschkurse; Integrationskurs; "
     "lengua; cursos de idiomas; clases de idioma; aprendizaje del idioma; "
     "corsi di lingua; apprendimento della lingua; italiano L2; "
     "μαθήματα γλώσσας; εκμάθηση γλώσσας; εκμάθηση ελληνικών; "
     "cursos de língua; aprendizagem da língua; português língua de acolhimento"),
    ("culture_religion", "Culture and religion|Culture et religion|Kultur und Religion|Cultura y religión|Cultura e religione|Πολιτισμός και θρησκεία|Cultura e religião",
     "culture; religion; culture & religion; cultural diversity; intercultural dialogue; interfaith dialogue; religious diversity; "
     "dialogue interculturel; diversité culturelle; "
     "Kultur; interkultureller Dialog; kulturelle Vielfalt; interreligiöser Dialog; "
     "cultura; religión; diálogo intercultural; diversidad cultural; "
     "religione; dialogo interculturale; diversità culturale; "
     "πολιτισμός; θρησκεία; κουλτούρα; διαπολιτισμικός διάλογος; "
     "religião; diversidade cultural"),
    ("social_security", "Social security and assistance|Sécurité sociale et aide sociale|Soziale Sicherheit und Sozialhilfe|Seguridad social y asistencia social|Sicurezza sociale e assistenza sociale|Κοινωνική ασφάλιση και πρόνοια|Segurança social e assistência social",
     "social security; social assistance; welfare; social welfare; social benefits; social protection; social services; minimum income; "
     "sécurité sociale; aide sociale; protection sociale; prestations sociales; assistance sociale; revenu minimum; "
     "soziale Sicherheit; Sozialhilfe; soziale Sicherung; Sozialleistungen; Sozialversicherung; Grundsicherung; "
     "seguridad social; asistencia social; prestaciones sociales; protección social; servicios sociales; "
     "sicurezza sociale; assistenza sociale; previdenza sociale; servizi sociali; protezione sociale; "
     "κοινωνική ασφάλιση; κοινωνική πρόνοια; πρόνοια; κοινωνική προστασία; κοινωνικές παροχές; επιδόματα; "
     "segurança social; assistência social; seguridade social; proteção social; prestações sociais; serviços sociais"),
    ("anti_discrimination", "Anti-discrimination|Lutte contre les discriminations|Antidiskriminierung|Lucha contra la discriminación|Contrasto alle discriminazioni|Καταπολέμηση των διακρίσεων|Combate à discriminação",
     "antidiscrimination; discrimination; racism; anti-racism; xenophobia; hate speech; equal treatment; "
     "racisme; antiracisme; lutte contre le racisme; xénophobie; égalité de traitement; non-discrimination; "
     "Diskriminierung; Rassismus; Antirassismus; Gleichbehandlung; Fremdenfeindlichkeit; "
     "antidiscriminación; discriminación; racismo; antirracismo; xenofobia; igualdad de trato; "
     "antidiscriminazione; discriminazione; discriminazioni; razzismo; antirazzismo; parità di trattamento; "
     "διακρίσεις; ρατσισμός; αντιρατσισμός; ξενοφοβία; ίση μεταχείριση; "
     "antidiscriminação; discriminação; igualdade de tratamento"),
    ("reception", "Reception|Accueil|Aufnahme|Acogida|Accoglienza|Υποδοχή|Acolhimento",
     "reception of asylum seekers; reception centres; reception centers; reception conditions; first reception; initial reception; "
     "premier accueil; centres d'accueil; conditions d'accueil; "
     "Erstaufnahme; Aufnahmeeinrichtungen; Erstaufnahmeeinrichtung; Unterbringung; "
     "primera acogida; centros de acogida; recepción; "
     "prima accoglienza; centri di accoglienza; "
     "πρώτη υποδοχή; δομές υποδοχής; κέντρα υποδοχής; "
     "acolhimento inicial; centros de acolhimento; receção; recepção"),
    ("civic_participation", "Civic participation|Participation civique|Bürgerbeteiligung|Participación cívica|Partecipazione civica|Συμμετοχή στα κοινά|Participação cívica",
     "political participation; participation; civic engagement; active citizenship; citizenship; volunteering; voting rights; community engagement; "
     "participation politique; participation citoyenne; citoyenneté; engagement civique; bénévolat; "
     "politische Partizipation; politische Teilhabe; gesellschaftliche Teilhabe; Partizipation; Teilhabe; Ehrenamt; "
     "participación política; participación ciudadana; ciudadanía; ciudadanía activa; voluntariado; "
     "partecipazione politica; partecipazione; cittadinanza attiva; cittadinanza; volontariato; "
     "πολιτική συμμετοχή; συμμετοχή; ενεργός πολιτειότητα; εθελοντισμός; "
     "participação política; participação cidadã; participação; cidadania; cidadania ativa"),
    ("information_orientation", "Information and orientation|Information et orientation|Information und Orientierung|Información y orientación|Informazione e orientamento|Ενημέρωση και προσανατολισμός|Informação e orientação",
     "information & orientation; one-stop shop; orientation; civic orientation; guidance; information services; information centre; information point; helpdesk; signposting; "
     "guichet unique; point d'information; orientation civique; "
     "Orientierung; Anlaufstelle; Erstberatung; Orientierungskurs; Migrationsberatung; Beratungsstelle; "
     "ventanilla única; orientación; punto de información; oficina de información; "
     "sportello unico; orientamento; sportello informativo; sportello; "
     "προσανατολισμός; υπηρεσία μιας στάσης; σημείο πληροφόρησης; "
     "balcão único; orientação; ponto de informação; gabinete de informação"),
    ("governance", "Governance|Gouvernance|Governance|Gobernanza|Governance|Διακυβέρνηση|Governação",
     "multi-level governance; multilevel governance; coordination; policy coordination; integration strategy; mainstreaming; local governance; "
     "gouvernance multiniveau; gouvernance à plusieurs niveaux; pilotage; stratégie d'intégration; "
     "Mehrebenen-Governance; Koordination; Koordinierung; Steuerung; Integrationsstrategie; "
     "gobernanza multinivel; coordinación; estrategia de integración; "
     "governance multilivello; coordinamento; strategia di integrazione; "
     "πολυεπίπεδη διακυβέρνηση; συντονισμός; στρατηγική ένταξης; "
     "governação multinível; governança; governança multinível; coordenação; estratégia de integração"),
])

_ROLE_GROUPS = {"leader": "direct", "active_partner": "direct", "coordinator": "direct",
                "support": "indirect", "funding": "indirect", "advisory": "indirect"}

ROLES: dict[str, Term] = _build([
    ("leader", "Leader|Chef de file|Federführung|Líder|Capofila|Επικεφαλής|Líder",
     "lead; leading; lead partner; leading partner; lead organisation; lead organization; project leader; promoter; project promoter; "
     "chef de projet; porteur de projet; porteur; pilote; "
     "federführend; Leitung; Projektleitung; Lead-Partner; Projektträger; Träger; leitend; "
     "entidad líder; socio principal; promotor; liderazgo; "
     "ente capofila; promotore; guida; "
     "ηγέτης; ηγετικός ρόλος; επικεφαλής εταίρος; "
     "entidade líder; liderança; entidade promotora"),
    ("active_partner", "Active partner|Partenaire actif|Aktiver Partner|Socio activo|Partner attivo|Ενεργός εταίρος|Parceiro ativo",
     "partner; project partner; implementing partner; partnership; "
     "partenaire; partenariat; partenaire de mise en œuvre; "
     "Projektpartner; Partnerschaft; Kooperationspartner; "
     "socio; socia; entidad socia; socio del proyecto; "
     "partenariato; partner di progetto; "
     "εταίρος; εταίροι; συνεργάτης; "
     "parceiro; parceria; entidade parceira"),
    ("coordinator", "Coordinator|Coordinateur|Koordinator|Coordinador|Coordinatore|Συντονιστής|Coordenador",
     "coordination; coordinating; coordinate; project coordinator; coordinating partner; "
     "coordinatrice; coordination du projet; "
     "Koordinatorin; Koordination; Koordinierung; koordinierend; "
     "coordinadora; coordinación; entidad coordinadora; "
     "coordinamento; ente coordinatore; "
     "συντονίστρια; συντονισμός; συντονιστικός ρόλος; "
     "coordenadora; coordenação; entidade coordenadora"),
    ("support", "Support|Soutien|Unterstützung|Apoyo|Supporto|Υποστήριξη|Apoio",
     "supporter; supporting; supportive; supporting partner; backing; in-kind support; "
     "appui; partenaire de soutien; "
     "Unterstützer; Unterstützerin; unterstützend; "
     "respaldo; colaborador; entidad colaboradora; "
     "sostegno; sostenitore; "
     "υποστηρικτής; υποστηρικτικός ρόλος; αρωγός; "
     "apoiante; apoiador; suporte; entidade apoiante"),
    ("funding", "Funding|Financement|Finanzierung|Financiación|Finanziamento|Χρηματοδότηση|Financiamento",
     "funder; financing; financier; co-funding; cofunding; co-financing; co-funder; donor; sponsor; funding body; "
     "financeur; cofinancement; bailleur de fonds; "
     "Geldgeber; Förderer; Fördergeber; Förderung; Kofinanzierung; Finanzierer; "
     "financiador; financiamiento; cofinanciación; entidad financiadora; patrocinador; "
     "finanziatore; cofinanziamento; ente finanziatore; "
     "χρηματοδότης; συγχρηματοδότηση; χορηγός; "
     "financiação; cofinanciamento; entidade financiadora"),
    ("advisory", "Advisory|Conseil|Beratung|Asesoramiento|Consulenza|Συμβουλευτικός ρόλος|Aconselhamento",
     "advisor; adviser; advising; advice; advisory board; consultant; consultation; consultative; expert; expertise; "
     "conseiller; conseillère; consultatif; "
     "beratend; Berater; Beraterin; Beirat; "
     "asesor; asesora; asesoría; consultivo; consultor; "
     "consulente; comitato consultivo; "
     "σύμβουλος; συμβουλευτικός; συμβουλευτική; "
     "consultoria; assessoria; conselheiro"),
], _ROLE_GROUPS)

TARGET_GROUPS: dict[str, Term] = _build([
    ("third_country_nationals", "Third-country nationals|Ressortissants de pays tiers|Drittstaatsangehörige|Nacionales de terceros países|Cittadini di paesi terzi|Υπήκοοι τρίτων χωρών|Nacionais de países terceiros",
     "TCN; TCNs; non-EU migrants; non-EU nationals; non-EU citizens; migrants; immigrants; foreigners; foreign nationals; "
     "ressortissants étrangers; étrangers; immigrés; migrants non européens; "
     "Drittstaatler; Migranten; Zugewanderte; Einwanderer; Ausländer; "
     "migrantes; inmigrantes; extranjeros; migrantes extracomunitarios; "
     "migranti; immigrati; stranieri; cittadini stranieri; extracomunitari; cittadini extra-UE; "
     "μετανάστες; αλλοδαποί; "
     "imigrantes; estrangeiros; cidadãos de países terceiros"),
    ("beneficiaries_international_protection", "Beneficiaries of international protection|Bénéficiaires de la protection internationale|International Schutzberechtigte|Beneficiarios de protección internacional|Beneficiari di protezione internazionale|Δικαιούχοι διεθνούς προστασίας|Beneficiários de proteção internacional",
     "refugees; recognised refugees; recognized refugees; BIPs; international protection; subsidiary protection; "
     "réfugiés; réfugiées; réfugié; protection internationale; protection subsidiaire; "
     "Geflüchtete; Flüchtlinge; Flüchtling; anerkannte Flüchtlinge; Schutzberechtigte; subsidiär Schutzberechtigte; internationaler Schutz; "
     "refugiados; refugiadas; refugiado; protección internacional; protección subsidiaria; "
     "rifugiati; rifugiate; rifugiato; profughi; titolari di protezione internazionale; protezione internazionale; protezione sussidiaria; "
     "πρόσφυγες; αναγνωρισμένοι πρόσφυγες; διεθνής προστασία; επικουρική προστασία; "
     "proteção internacional; proteção subsidiária"),
    ("temporary_protection", "Beneficiaries of temporary protection|Bénéficiaires de la protection temporaire|Personen mit vorübergehendem Schutz|Beneficiarios de protección temporal|Beneficiari di protezione temporanea|Δικαιούχοι προσωρινής προστασίας|Beneficiários de proteção temporária",
     "temporary protection; Ukrainians; Ukrainian refugees; refugees from Ukraine; displaced persons from Ukraine; people displaced from Ukraine; people fleeing Ukraine; "
     "protection temporaire; Ukrainiens; Ukrainiennes; réfugiés ukrainiens; déplacés d'Ukraine; personnes déplacées d'Ukraine; "
     "vorübergehender Schutz; Ukrainer; Ukrainerinnen; Geflüchtete aus der Ukraine; Vertriebene aus der Ukraine; "
     "protección temporal; ucranianos; ucranianas; refugiados ucranianos; desplazados de Ucrania; personas desplazadas de Ucrania; "
     "protezione temporanea; ucraini; profughi ucraini; rifugiati ucraini; sfollati dall'Ucraina; "
     "προσωρινή προστασία; Ουκρανοί; Ουκρανοί πρόσφυγες; εκτοπισμένοι από την Ουκρανία; "
     "proteção temporária; deslocados da Ucrânia; pessoas deslocadas da Ucrânia"),
    ("asylum_seekers", "Asylum seekers|Demandeurs d'asile|Asylsuchende|Solicitantes de asilo|Richiedenti asilo|Αιτούντες άσυλο|Requerentes de asilo",
     "asylum applicants; applicants for international protection; "
     "demandeuses d'asile; demandeurs de protection internationale; "
     "Asylbewerber; Asylbewerberinnen; Asylsuchender; Schutzsuchende; "
     "demandantes de asilo; solicitantes de protección internacional; "
     "richiedente asilo; richiedenti protezione internazionale; "
     "αιτούντες διεθνή προστασία; αιτούσες άσυλο; "
     "requerente de asilo; requerentes de proteção internacional"),
    ("unaccompanied_minors", "Unaccompanied minors|Mineurs non accompagnés|Unbegleitete Minderjährige|Menores no acompañados|Minori stranieri non accompagnati|Ασυνόδευτοι ανήλικοι|Menores não acompanhados",
     "unaccompanied children; separated children; UAM; UAMs; "
     "MNA; mineurs isolés; mineurs isolés étrangers; "
     "UMF; unbegleitete minderjährige Flüchtlinge; unbegleitete minderjährige Ausländer; "
     "menores extranjeros no acompañados; niños no acompañados; "
     "minori non accompagnati; MSNA; "
     "ασυνόδευτα παιδιά; ασυνόδευτοι; "
     "crianças não acompanhadas; menores desacompanhados"),
    ("children", "Children|Enfants|Kinder|Niños y niñas|Bambini|Παιδιά|Crianças",
     "child; kids; pupils; schoolchildren; school children; minors; "
     "enfant; enfance; élèves; mineurs; "
     "Kindheit; Schüler; Schülerinnen; Schulkinder; Minderjährige; "
     "niños; infancia; alumnos; alumnado; menores; "
     "bambine e bambini; minori; alunni; infanzia; "
     "παιδί; μαθητές; ανήλικοι; "
     "criança; alunos"),
    ("youth", "Young people|Jeunes|Jugendliche|Jóvenes|Giovani|Νέοι|Jovens",
     "youth; young migrants; young adults; adolescents; teenagers; "
     "jeunesse; jeunes adultes; jeunes migrants; "
     "junge Menschen; Jugend; junge Erwachsene; Heranwachsende; "
     "juventud; adolescentes; jóvenes migrantes; "
     "ragazzi; adolescenti; giovani adulti; giovani migranti; "
     "νέους; νέων; νεολαία; έφηβοι; "
     "juventude; jovens adultos"),
    ("women", "Women|Femmes|Frauen|Mujeres|Donne|Γυναίκες|Mulheres",
     "woman; girls; mothers; migrant women; women and girls; female migrants; "
     "femme; filles; mères; femmes migrantes; "
     "Frau; Mädchen; Mütter; Migrantinnen; geflüchtete Frauen; "
     "mujer; niñas; madres; mujeres migrantes; "
     "donna; ragazze; madri; donne migranti; "
     "γυναίκα; κορίτσια; μητέρες; μετανάστριες; "
     "mulher; raparigas; meninas; mães; mulheres migrantes"),
    ("families", "Families|Familles|Familien|Familias|Famiglie|Οικογένειες|Famílias",
     "family; parents; households; "
     "famille; ménages; "
     "Familie; Eltern; "
     "familia; padres; "
     "famiglia; genitori; nuclei familiari; "
     "οικογένεια; γονείς; "
     "agregados familiares; progenitores"),
    ("older_people", "Older people|Personnes âgées|Ältere Menschen|Personas mayores|Anziani|Ηλικιωμένοι|Pessoas idosas",
     "elderly; the elderly; elderly people; older persons; older migrants; seniors; "
     "aînés; "
     "Senioren; Seniorinnen; ältere Personen; "
     "tercera edad; ancianos; "
     "persone anziane; terza età; "
     "ηλικιωμένα άτομα; τρίτη ηλικία; "
     "idosos; terceira idade; seniores"),
    ("migrant_workers", "Migrant workers|Travailleurs migrants|Arbeitsmigrantinnen und -migranten|Trabajadores migrantes|Lavoratori migranti|Μετανάστες εργαζόμενοι|Trabalhadores migrantes",
     "labour migrants; labor migrants; foreign workers; seasonal workers; economic migrants; guest workers; "
     "travailleurs étrangers; travailleurs saisonniers; migrants économiques; "
     "Arbeitsmigranten; ausländische Arbeitskräfte; Saisonarbeitskräfte; Saisonarbeiter; Gastarbeiter; "
     "trabajadores extranjeros; temporeros; trabajadores temporeros; migrantes económicos; "
     "lavoratori stranieri; lavoratori stagionali; braccianti; migranti economici; "
     "αλλοδαποί εργαζόμενοι; εποχικοί εργαζόμενοι; οικονομικοί μετανάστες; εργάτες γης; "
     "trabalhadores estrangeiros; trabalhadores sazonais; migrantes econômicos"),
    ("students", "Students|Étudiants|Studierende|Estudiantes|Studenti|Φοιτητές|Estudantes",
     "student; international students; university students; "
     "étudiantes; étudiants internationaux; "
     "Studenten; Studentinnen; internationale Studierende; "
     "estudiantes internacionales; universitarios; "
     "studentesse; studenti internazionali; universitari; "
     "φοιτήτριες; σπουδαστές; "
     "estudantes internacionais"),
    ("newcomers", "Newcomers|Nouveaux arrivants|Neuzugewanderte|Recién llegados|Nuovi arrivati|Νεοαφιχθέντες|Recém-chegados",
     "new arrivals; recent arrivals; recently arrived migrants; newly arrived migrants; newly arrived; "
     "primo-arrivants; arrivants; "
     "Neuankömmlinge; neu Zugewanderte; Neuzuwanderer; "
     "recién llegadas; personas recién llegadas; "
     "neoarrivati; appena arrivati; "
     "νεοεισερχόμενοι; νεοφερμένοι; "
     "recém-chegadas"),
    ("undocumented_migrants", "Undocumented migrants|Migrants sans papiers|Menschen ohne Papiere|Migrantes indocumentados|Migranti irregolari|Παράτυποι μετανάστες|Migrantes em situação irregular",
     "undocumented; irregular migrants; people without papers; migrants in an irregular situation; "
     "sans-papiers; migrants en situation irrégulière; migrants irréguliers; "
     "Undokumentierte; irreguläre Migranten; Menschen ohne Aufenthaltsstatus; "
     "sin papeles; migrantes irregulares; migrantes en situación irregular; "
     "migranti senza documenti; senza permesso di soggiorno; irregolari; "
     "μετανάστες χωρίς χαρτιά; μετανάστες χωρίς έγγραφα; χωρίς χαρτιά; "
     "sem papéis; indocumentados"),
    ("host_community", "Host community|Société d'accueil|Aufnahmegesellschaft|Comunidad de acogida|Comunità ospitante|Κοινότητα υποδοχής|Comunidade de acolhimento",
     "host society; receiving society; local community; local population; locals; residents; general public; "
     "communauté d'accueil; population locale; habitants; "
     "Aufnahmegemeinschaft; Mehrheitsgesellschaft; lokale Bevölkerung; Einheimische; "
     "sociedad de acogida; población local; vecinos; "
     "società di accoglienza; società ospitante; comunità locale; popolazione locale; residenti; "
     "κοινωνία υποδοχής; τοπική κοινότητα; τοπικός πληθυσμός; ντόπιοι; "
     "sociedade de acolhimento; população local; comunidade local; residentes"),
    ("professionals", "Professionals|Professionnels|Fachpersonal|Profesionales|Operatori e professionisti|Επαγγελματίες|Profissionais",
     "practitioners; frontline workers; front-line staff; staff; social workers; teachers; civil servants; public officials; service providers; "
     "praticiens; travailleurs sociaux; professionnels de terrain; enseignants; agents publics; fonctionnaires; "
     "Fachkräfte; Fachleute; Sozialarbeiter; Sozialarbeitende; Lehrkräfte; Mitarbeitende; Verwaltungspersonal; "
     "trabajadores sociales; docentes; funcionarios; profesionales de primera línea; "
     "operatori; professionisti; operatori sociali; assistenti sociali; insegnanti; funzionari; "
     "κοινωνικοί λειτουργοί; εκπαιδευτικοί; στελέχη; επαγγελματίες πρώτης γραμμής; "
     "técnicos; trabalhadores sociais; assistentes sociais; profissionais de primeira linha"),
    ("employers", "Employers|Employeurs|Arbeitgeber|Empleadores|Datori di lavoro|Εργοδότες|Empregadores",
     "employer; businesses; companies; enterprises; SMEs; private sector; "
     "employeur; entreprises; PME; secteur privé; "
     "Arbeitgeberinnen; Unternehmen; Betriebe; KMU; Privatwirtschaft; "
     "empleador; empresas; pymes; sector privado; empresarios; "
     "datore di lavoro; aziende; imprese; PMI; settore privato; "
     "εργοδότης; επιχειρήσεις; ιδιωτικός τομέας; "
     "empregador; entidades empregadoras; setor privado"),
])

ASPECTS: dict[str, Term] = _build([
    ("communication", "Communication|Communication|Kommunikation|Comunicación|Comunicazione|Επικοινωνία|Comunicação",
     "outreach; visibility; dissemination; awareness raising; diffusion; sensibilisation; Öffentlichkeitsarbeit; "
     "difusión; divulgación; diffusione; sensibilizzazione; διάχυση; ευαισθητοποίηση; divulgação; sensibilização"),
    ("inclusion", "Inclusion|Inclusion|Inklusion|Inclusión|Inclusione|Συμπερίληψη|Inclusão",
     "inclusiveness; social inclusion; inclusion sociale; soziale Inklusion; inclusión social; inclusione sociale; "
     "κοινωνική ένταξη; κοινωνική συμπερίληψη; inclusão social"),
    ("innovation", "Innovation|Innovation|Innovation|Innovación|Innovazione|Καινοτομία|Inovação",
     "innovative; innovativeness; innovant; innovativ; innovador; innovativo; καινοτόμος; inovador"),
    ("multilevel_governance", "Multi-level governance|Gouvernance multiniveau|Mehrebenen-Governance|Gobernanza multinivel|Governance multilivello|Πολυεπίπεδη διακυβέρνηση|Governação multinível",
     "multilevel governance; MLG; vertical coordination; gouvernance à plusieurs niveaux; Mehrebenensteuerung; "
     "gobernanza multinivel; governança multinível"),
    ("multistakeholder", "Multi-stakeholder approach|Approche multipartite|Multi-Stakeholder-Ansatz|Enfoque multiactor|Approccio multi-stakeholder|Προσέγγιση πολλαπλών ενδιαφερόμενων μερών|Abordagem com múltiplas partes interessadas",
     "multi-stakeholder; multistakeholder approach; stakeholder involvement; partnership approach; approche multi-acteurs; "
     "Multi-Akteurs-Ansatz; enfoque de múltiples partes interesadas; approccio multi-attore; "
     "συμμετοχή ενδιαφερόμενων φορέων; abordagem multiparticipativa"),
    ("monitoring_evaluation", "Monitoring and evaluation|Suivi et évaluation|Monitoring und Evaluation|Seguimiento y evaluación|Monitoraggio e valutazione|Παρακολούθηση και αξιολόγηση|Monitorização e avaliação",
     "M&E; monitoring; evaluation; impact assessment; suivi; Evaluierung; Wirkungsmessung; seguimiento; evaluación; monitoreo; "
     "valutazione; παρακολούθηση; αξιολόγηση; acompanhamento e avaliação; monitoramento e avaliação; avaliação; monitorização"),
    ("sustainability", "Sustainability|Durabilité|Nachhaltigkeit|Sostenibilidad|Sostenibilità|Βιωσιμότητα|Sustentabilidade",
     "sustainable; long-term; continuity; pérennité; durable; Verstetigung; nachhaltig; continuidad; sostenibile; continuità; "
     "αειφορία; βιώσιμος; continuidade; sustentável"),
])

COUNTRIES: dict[str, Term] = _build([
    ("AT", "Austria|Autriche|Österreich|Austria|Austria|Αυστρία|Áustria", ""),
    ("BE", "Belgium|Belgique|Belgien|Bélgica|Belgio|Βέλγιο|Bélgica", ""),
    ("BG", "Bulgaria|Bulgarie|Bulgarien|Bulgaria|Bulgaria|Βουλγαρία|Bulgária", ""),
    ("HR", "Croatia|Croatie|Kroatien|Croacia|Croazia|Κροατία|Croácia", "Hrvatska"),
    ("CY", "Cyprus|Chypre|Zypern|Chipre|Cipro|Κύπρος|Chipre", ""),
    ("CZ", "Czechia|Tchéquie|Tschechien|Chequia|Cechia|Τσεχία|Chéquia",
     "Czech Republic; République tchèque; Tschechische Republik; República Checa; Repubblica Ceca; Τσεχική Δημοκρατία; Tchéquia"),
    ("DK", "Denmark|Danemark|Dänemark|Dinamarca|Danimarca|Δανία|Dinamarca", ""),
    ("EE", "Estonia|Estonie|Estland|Estonia|Estonia|Εσθονία|Estónia", "Estônia; Εστονία"),
    ("FI", "Finland|Finlande|Finnland|Finlandia|Finlandia|Φινλανδία|Finlândia", "Suomi"),
    ("FR", "France|France|Frankreich|Francia|Francia|Γαλλία|França", ""),
    ("DE", "Germany|Allemagne|Deutschland|Alemania|Germania|Γερμανία|Alemanha", ""),
    ("GR", "Greece|Grèce|Griechenland|Grecia|Grecia|Ελλάδα|Grécia",
     "EL; Hellas; Hellenic Republic; Ελλάς; Ελληνική Δημοκρατία"),
    ("HU", "Hungary|Hongrie|Ungarn|Hungría|Ungheria|Ουγγαρία|Hungria", ""),
    ("IE", "Ireland|Irlande|Irland|Irlanda|Irlanda|Ιρλανδία|Irlanda", "Éire"),
    ("IT", "Italy|Italie|Italien|Italia|Italia|Ιταλία|Itália", ""),
    ("LV", "Latvia|Lettonie|Lettland|Letonia|Lettonia|Λετονία|Letónia", "Letônia"),
    ("LT", "Lithuania|Lituanie|Litauen|Lituania|Lituania|Λιθουανία|Lituânia", ""),
    ("LU", "Luxembourg|Luxembourg|Luxemburg|Luxemburgo|Lussemburgo|Λουξεμβούργο|Luxemburgo", ""),
    ("MT", "Malta|Malte|Malta|Malta|Malta|Μάλτα|Malta", ""),
    ("NL", "Netherlands|Pays-Bas|Niederlande|Países Bajos|Paesi Bassi|Κάτω Χώρες|Países Baixos",
     "The Netherlands; Niederlanden; Holland; Hollande; Holanda; Olanda; Ολλανδία"),
    ("PL", "Poland|Pologne|Polen|Polonia|Polonia|Πολωνία|Polónia", "Polônia"),
    ("PT", "Portugal|Portugal|Portugal|Portugal|Portogallo|Πορτογαλία|Portugal", ""),
    ("RO", "Romania|Roumanie|Rumänien|Rumanía|Romania|Ρουμανία|Roménia", "Rumania; Romênia"),
    ("SK", "Slovakia|Slovaquie|Slowakei|Eslovaquia|Slovacchia|Σλοβακία|Eslováquia", "Slovak Republic"),
    ("SI", "Slovenia|Slovénie|Slowenien|Eslovenia|Slovenia|Σλοβενία|Eslovénia", "Eslovênia"),
    ("ES", "Spain|Espagne|Spanien|España|Spagna|Ισπανία|Espanha", ""),
    ("SE", "Sweden|Suède|Schweden|Suecia|Svezia|Σουηδία|Suécia", ""),
    ("IS", "Iceland|Islande|Island|Islandia|Islanda|Ισλανδία|Islândia", ""),
    ("LI", "Liechtenstein|Liechtenstein|Liechtenstein|Liechtenstein|Liechtenstein|Λιχτενστάιν|Liechtenstein", "Listenstaine"),
    ("NO", "Norway|Norvège|Norwegen|Noruega|Norvegia|Νορβηγία|Noruega", ""),
    ("GB", "United Kingdom|Royaume-Uni|Vereinigtes Königreich|Reino Unido|Regno Unito|Ηνωμένο Βασίλειο|Reino Unido",
     "UK; Great Britain; Britain; England; Grande-Bretagne; Angleterre; Großbritannien; England; Gran Bretaña; Inglaterra; "
     "Gran Bretagna; Inghilterra; Μεγάλη Βρετανία; Αγγλία; Grã-Bretanha"),
    ("CH", "Switzerland|Suisse|Schweiz|Suiza|Svizzera|Ελβετία|Suíça", ""),
    ("AL", "Albania|Albanie|Albanien|Albania|Albania|Αλβανία|Albânia", ""),
    ("BA", "Bosnia and Herzegovina|Bosnie-Herzégovine|Bosnien und Herzegowina|Bosnia y Herzegovina|Bosnia ed Erzegovina|Βοσνία-Ερζεγοβίνη|Bósnia-Herzegovina",
     "BiH; Bosnia; Bosnie; Bosnien; Bosnia-Herzegovina; Bósnia e Herzegovina; Βοσνία"),
    ("ME", "Montenegro|Monténégro|Montenegro|Montenegro|Montenegro|Μαυροβούνιο|Montenegro", ""),
    ("MK", "North Macedonia|Macédoine du Nord|Nordmazedonien|Macedonia del Norte|Macedonia del Nord|Βόρεια Μακεδονία|Macedónia do Norte",
     "Republic of North Macedonia; Nord-Mazedonien; Macedônia do Norte"),
    ("RS", "Serbia|Serbie|Serbien|Serbia|Serbia|Σερβία|Sérvia", ""),
    ("XK", "Kosovo|Kosovo|Kosovo|Kosovo|Kosovo|Κοσσυφοπέδιο|Kosovo", "Κόσοβο"),
    ("MD", "Moldova|Moldavie|Moldau|Moldavia|Moldavia|Μολδαβία|Moldávia",
     "Republic of Moldova; République de Moldavie; Republik Moldau; Moldawien; República de Moldavia; Repubblica di Moldova"),
    ("UA", "Ukraine|Ukraine|Ukraine|Ucrania|Ucraina|Ουκρανία|Ucrânia", ""),
    ("TR", "Türkiye|Turquie|Türkei|Turquía|Turchia|Τουρκία|Turquia", "Turkey; Turkiye"),
])

LANGUAGE_NAMES: dict[str, Term] = _build([
    ("en", "English|Anglais|Englisch|Inglés|Inglese|Αγγλικά|Inglês", ""),
    ("fr", "French|Français|Französisch|Francés|Francese|Γαλλικά|Francês", ""),
    ("de", "German|Allemand|Deutsch|Alemán|Tedesco|Γερμανικά|Alemão", ""),
    ("es", "Spanish|Espagnol|Spanisch|Español|Spagnolo|Ισπανικά|Espanhol", "Castellano; Castilian"),
    ("it", "Italian|Italien|Italienisch|Italiano|Italiano|Ιταλικά|Italiano", ""),
    ("el", "Greek|Grec|Griechisch|Griego|Greco|Ελληνικά|Grego", ""),
    ("pt", "Portuguese|Portugais|Portugiesisch|Portugués|Portoghese|Πορτογαλικά|Português", ""),
])

_VOCABULARIES: dict[str, dict[str, Term]] = {
    "area": AREAS, "role": ROLES, "target_group": TARGET_GROUPS,
    "aspect": ASPECTS, "country": COUNTRIES, "language": LANGUAGE_NAMES,
}

# --- folded lookup tables -------------------------------------------------------------------

_GREEK = re.compile(r"[\u0370-\u03ff]")
# Longest first, and chosen so every case form of a noun loses the same tail:
# Ελλάδα/Ελλάδας -> ελλαδ, Ισπανία/Ισπανίας -> ισπαν, γυναίκες/γυναικών -> γυναικ.
# Written folded: casefold turns final sigma into σ.
_GREEK_ENDINGS = ("ιων", "ιασ", "ιεσ", "ουσ", "εισ", "εων", "ια", "ων", "εσ", "ασ", "ησ",
                  "οσ", "ου", "οι", "α", "η", "ο", "ι")


def _phrase(text: str) -> tuple[str, ...]:
    """Folded words of a value; underscores, hyphens and punctuation all count as spaces."""
    return tuple(words(text.replace("_", " ")))


def _loose_word(word: str, plurals: bool) -> str:
    """A folded word with its inflection cut, so singular/plural and Greek cases meet."""
    if _GREEK.search(word):
        if len(word) >= 5:
            for ending in _GREEK_ENDINGS:
                if word.endswith(ending) and len(word) - len(ending) >= 3:
                    return word[: -len(ending)]
        return word
    # a bare trailing "s" covers most en/fr/es/pt plurals; country names never need it
    if plurals and len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass(frozen=True)
class _Lookup:
    """Folded phrase -> key tables of one vocabulary."""

    exact: dict[tuple[str, ...], str]
    loose: dict[tuple[str, ...], str]
    max_words: int
    plurals: bool

    def match(self, text: str) -> str | None:
        """The key a whole value stands for, or None."""
        ws = _phrase(text)
        if not ws:
            return None
        return self.exact.get(ws) or self.loose.get(tuple(_loose_word(w, self.plurals) for w in ws))


def _index(terms: dict[str, Term], *, plurals: bool = True, free_text: bool = False,
           skip: frozenset[str] = frozenset()) -> _Lookup:
    """Lookup tables of a vocabulary; `free_text` leaves out what would misfire inside sentences."""
    exact: dict[tuple[str, ...], str] = {}
    loose: dict[tuple[str, ...], str] = {}
    clashes: set[tuple[str, ...]] = set()
    for term in terms.values():
        for phrase in (term.key, *term.labels.values(), *term.synonyms):
            ws = _phrase(phrase)
            # short single tokens (ISO codes, acronyms such as "UMA"/"uma") collide with ordinary words
            if not ws or (free_text and (" ".join(ws) in skip or (len(ws) == 1 and len(ws[0]) < 4))):
                continue
            if exact.setdefault(ws, term.key) != term.key:
                raise ValueError(f"vocabulary phrase {phrase!r} means both {exact[ws]!r} and {term.key!r}")
            lw = tuple(_loose_word(w, plurals) for w in ws)
            if loose.setdefault(lw, term.key) != term.key:
                clashes.add(lw)
    for lw in clashes:  # an inflected form shared by two terms proves nothing, so drop it
        del loose[lw]
    return _Lookup(exact, loose, max(map(len, exact), default=1), plurals)


_LOOKUPS = {
    "area": _index(AREAS), "role": _index(ROLES), "target_group": _index(TARGET_GROUPS),
    "aspect": _index(ASPECTS), "country": _index(COUNTRIES, plurals=False),
    "language": _index(LANGUAGE_NAMES),
}
_FINDERS = {
    "area": _index(AREAS, free_text=True, skip=frozenset({"work"})),  # "does it work?" is not about jobs
    "target_group": _index(TARGET_GROUPS, free_text=True),
    "country": _index(COUNTRIES, plurals=False, free_text=True),
}
# Country names that are also common lower-case words elsewhere ("island", "turkey", "malta" = mortar,
# "italien" = the Italian language in French); in free text they count only when capitalised.
_CAPITALISED_ONLY = frozenset({"island", "turkey", "malta", "suede", "italien"})
# Upper-case codes and short aliases ("UK", "EL") recognised in free text.
_COUNTRY_CODES = {code: code for code in COUNTRIES} | {
    syn: term.key for term in COUNTRIES.values() for syn in term.synonyms
    if syn.isalpha() and syn.isupper() and len(syn) <= 3}

_ROLE_CHOICES = ", ".join(term.labels["en"].lower() for term in ROLES.values())
# Words that frame a role without naming it: "as lead partner", "en tant que chef de file", "ruolo di capofila".
_ROLE_FILLERS = frozenset({"role", "roles", "the", "a", "an", "as", "rolle", "papel", "ruolo", "ρολος", "ρολο",
                           "como", "comme", "als", "come", "ως", "en", "tant", "que", "in", "qualita", "di"})

_LIST_SEP = re.compile(r"[;,\n]")
_CONJUNCTION = re.compile(r"\s*(?:[/&+|]|\b(?:and|or|et|ou|und|oder|y|o|e|και|ή)\b)\s*", re.IGNORECASE)
_TOKEN = re.compile(r"\w+")
_EDGE_NOISE = " \t.:-–—\"'«»“”‘’"


# --- normalisation ----------------------------------------------------------------------------

def _clean(text: str) -> str:
    """A value with collapsed whitespace and stray quotes/punctuation trimmed from its ends."""
    return " ".join(text.split()).strip(_EDGE_NOISE)


def _pieces(values: str | Iterable[str] | None) -> list[str]:
    """Non-empty cleaned items of a value list; strings may pack several items with ';' or ','."""
    if values is None:
        return []
    items = [values] if isinstance(values, str) else list(values)
    pieces = (_clean(p) for item in items if item is not None for p in _LIST_SEP.split(str(item)))
    return [p for p in pieces if p]


def _normalise(lookup: _Lookup, values: str | Iterable[str] | None) -> tuple[list[str], list[str]]:
    """Known keys and leftover tags of a value list, both deduplicated in input order."""
    keys: list[str] = []
    tags: list[str] = []
    seen_tags: set[tuple[str, ...]] = set()
    for piece in _pieces(values):
        key = lookup.match(piece)
        found = [key] if key else []
        if not found:
            # "housing and health" names two areas, but only if every part is known;
            # otherwise the phrase is a tag in its own right
            parts = [p for p in (_clean(x) for x in _CONJUNCTION.split(piece)) if p]
            matched = [lookup.match(p) for p in parts]
            if len(parts) > 1 and all(matched):
                found = [m for m in matched if m]
        if found:
            keys += [k for k in found if k not in keys]
            continue
        ident = _phrase(piece)
        if ident not in seen_tags:
            seen_tags.add(ident)
            tags.append(piece)
    # "jobs and employment" yields the same key twice within one piece
    return list(dict.fromkeys(keys)), tags


def normalise_areas(values: str | Iterable[str] | None) -> tuple[list[str], list[str]]:
    """(policy-area keys, unknown values kept as tags) from free wording in any supported language."""
    return _normalise(_LOOKUPS["area"], values)


def normalise_target_groups(values: str | Iterable[str] | None) -> tuple[list[str], list[str]]:
    """(target-group keys, unknown values kept as tags) from free wording in any supported language."""
    return _normalise(_LOOKUPS["target_group"], values)


def normalise_aspects(values: str | Iterable[str] | None) -> tuple[list[str], list[str]]:
    """(evaluation-aspect keys, unknown values kept as tags) from free wording in any supported language."""
    return _normalise(_LOOKUPS["aspect"], values)


def normalise_roles(value: str | Iterable[str] | None) -> list[str]:
    """Role keys from free wording such as "leader and funder"; an unknown role raises VocabularyError."""
    lookup = _LOOKUPS["role"]
    keys: list[str] = []
    for piece in _pieces(value):
        for part in (_clean(x) for x in _CONJUNCTION.split(piece)):
            if not part:
                continue
            key = lookup.match(part) or lookup.match(
                " ".join(w for w in _phrase(part) if w not in _ROLE_FILLERS))
            if key is None:
                raise VocabularyError(
                    "authority_role", f"unknown authority role {part!r} (expected one of: {_ROLE_CHOICES})", part)
            if key not in keys:
                keys.append(key)
    return keys


def normalise_country(value: str) -> str:
    """Upper-case ISO 3166-1 alpha-2 code of an ISO code or a country name in any supported language."""
    text = _clean(value or "")
    if len(text) == 2 and text.upper() in COUNTRIES:
        return text.upper()
    key = _LOOKUPS["country"].match(text)
    if key is None:
        raise VocabularyError(
            "country", f"unknown country {text!r} (use a country name or an ISO 3166-1 alpha-2 code)", text)
    return key


def role_group(key: str) -> str:
    """The group ("direct" or "indirect") of a role key; free wording of a single role is accepted too."""
    term = ROLES.get(key)
    if term is None:
        roles = normalise_roles(key)
        if len(roles) != 1:
            raise VocabularyError("authority_role", f"not a single authority role {key!r}", key)
        term = ROLES[roles[0]]
    return term.group or ""


def vocabulary(vocabulary_name: str) -> dict[str, Term]:
    """The terms of a vocabulary ("area", "role", "target_group", "aspect", "country" or "language")."""
    return dict(_vocabulary(vocabulary_name))


def _vocabulary(vocabulary_name: str) -> dict[str, Term]:
    """The live terms of a vocabulary, tolerating plural names such as "areas"."""
    name = vocabulary_name.strip().lower().replace("-", "_")
    terms = _VOCABULARIES.get(name) or _VOCABULARIES.get(name[:-1]) or (COUNTRIES if name == "countries" else None)
    if terms is None:
        raise VocabularyError("vocabulary", f"unknown vocabulary {vocabulary_name!r} "
                              f"(expected one of: {', '.join(_VOCABULARIES)})", vocabulary_name)
    return terms


def label(vocabulary_name: str, key: str, lang: str) -> str:
    """Display label of a key in `lang`; unknown snake_case keys are prettified, free-text tags shown as is."""
    terms = _vocabulary(vocabulary_name)
    term = terms.get(key) or terms.get(key.upper()) or terms.get(key.lower())
    if term is not None:
        return term.label(lang)
    if re.fullmatch(r"[a-z0-9]+(?:_[a-z0-9]+)+|[a-z]+", key):
        return key.replace("_", " ").capitalize()
    return key


# --- finders for free text ----------------------------------------------------------------------

def _find(lookup: _Lookup, text: str, codes: dict[str, str] | None = None,
          capitalised_only: frozenset[str] = frozenset()) -> list[str]:
    """Keys named in free text, left to right, preferring the longest phrase at each position."""
    raw = _TOKEN.findall(unicodedata.normalize("NFC", (text or "").replace("_", " ")))
    folded = [fold(t) for t in raw]
    loose = [_loose_word(w, lookup.plurals) for w in folded]
    long_words = [t for t in raw if len(t) >= 3 and t.isalpha()]
    # in an all-caps sentence every two-letter word would look like an ISO code
    shouting = len(long_words) >= 2 and all(t.isupper() for t in long_words)
    found: list[str] = []
    i = 0
    while i < len(raw):
        key, step = None, 1
        for n in range(min(lookup.max_words, len(raw) - i), 0, -1):
            hit = lookup.exact.get(tuple(folded[i:i + n])) or lookup.loose.get(tuple(loose[i:i + n]))
            if hit and n == 1 and (folded[i] in capitalised_only or loose[i] in capitalised_only) \
                    and not raw[i][:1].isupper():
                continue
            if hit:
                key, step = hit, n
                break
        if key is None and codes and not shouting and raw[i].isupper() and len(raw[i]) >= 2:
            key = codes.get(raw[i])
        if key is not None and key not in found:
            found.append(key)
        i += step
    return found


def find_countries(text: str) -> list[str]:
    """ISO codes of the countries named in a sentence in any supported language ("et en Italie ?" -> ["IT"])."""
    return _find(_FINDERS["country"], text, _COUNTRY_CODES, _CAPITALISED_ONLY)


def find_target_groups(text: str) -> list[str]:
    """Target-group keys named in a sentence in any supported language ("and for women?" -> ["women"])."""
    return _find(_FINDERS["target_group"], text)


def find_areas(text: str) -> list[str]:
    """Policy-area keys named in a sentence in any supported language ("and housing?" -> ["housing"])."""
    return _find(_FINDERS["area"], text)
