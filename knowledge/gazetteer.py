"""A gazetteer of European regions shipped with the project: where to put a practice on a map.

Practices carry their own coordinates when the record gives them; otherwise the region (or a
named city in `city_or_area`) is looked up here, and failing that the country's centre is used.
Names match in English and in local or common forms ("Skåne"/"Scania", "Αττική"/"Attica"),
accent- and case-insensitively, with "Region of X"/"X Region" style wrappers ignored; the
country narrows names used in several countries ("Limburg", "North-West", "Capital Region").
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .errors import FieldError
from .text import words
from .vocab import normalise_country

PRECISIONS = ("exact", "region", "country")


@dataclass(frozen=True)
class Placement:
    """Where a practice goes on the map, and how precise that is."""

    lat: float
    lon: float
    precision: str  # "exact" (the record's own), "region" (gazetteer) or "country" (centre)


# A point inside each country of vocab.COUNTRIES, near its middle or its main population.
COUNTRY_CENTRES: dict[str, tuple[float, float]] = {
    "AT": (47.60, 14.10), "BE": (50.60, 4.60), "BG": (42.75, 25.30), "HR": (45.10, 15.50),
    "CY": (35.00, 33.20), "CZ": (49.80, 15.50), "DK": (56.00, 9.30), "EE": (58.70, 25.50),
    "FI": (63.50, 26.50), "FR": (46.60, 2.40), "DE": (51.10, 10.40), "GR": (39.30, 22.00),
    "HU": (47.20, 19.40), "IE": (53.20, -8.00), "IT": (42.80, 12.60), "LV": (56.90, 24.90),
    "LT": (55.30, 23.90), "LU": (49.75, 6.10), "MT": (35.90, 14.45), "NL": (52.20, 5.50),
    "PL": (52.10, 19.40), "PT": (39.60, -8.00), "RO": (45.90, 24.95), "SK": (48.70, 19.70),
    "SI": (46.10, 14.80), "ES": (40.20, -3.60), "SE": (62.00, 15.00), "IS": (64.90, -18.60),
    "LI": (47.16, 9.55), "NO": (61.50, 9.50), "GB": (54.00, -2.50), "CH": (46.80, 8.20),
    "AL": (41.15, 20.15), "BA": (43.90, 17.70), "ME": (42.70, 19.30), "MK": (41.60, 21.70),
    "RS": (44.00, 20.90), "XK": (42.60, 20.90), "MD": (47.20, 28.50), "UA": (49.00, 31.40),
    "TR": (39.00, 35.20),
}

# One place a line: ISO country, latitude, longitude, then its names separated by "|"
# (English first, then local and common forms). NUTS-2 regions (and the NUTS-1 regions,
# Länder, counties and provinces people name), then the large cities.
_DATA = """
AT 47.55 16.45 Burgenland
AT 48.30 15.75 Lower Austria|Niederösterreich|Basse-Autriche|Baja Austria|Bassa Austria|Baixa Áustria
AT 48.21 16.37 Vienna|Wien|Vienne|Viena|Βιέννη
AT 46.75 13.85 Carinthia|Kärnten|Carinthie|Carintia|Carinzia|Caríntia
AT 47.25 15.00 Styria|Steiermark|Styrie|Estiria|Stiria|Estíria
AT 48.10 13.95 Upper Austria|Oberösterreich|Haute-Autriche|Alta Austria|Alta Áustria
AT 47.40 13.10 Salzburg|Salzbourg|Salzburgo|Salisburgo|Σάλτσμπουργκ
AT 47.20 11.30 Tyrol|Tirol|Tirolo|Τιρόλο
AT 47.25 9.90 Vorarlberg
AT 47.07 15.44 Graz
AT 48.31 14.29 Linz
AT 47.27 11.40 Innsbruck
BE 50.85 4.35 Brussels-Capital Region|Brussels|Bruxelles|Brussel|Brüssel|Bruselas|Bruxelas|Βρυξέλλες|Région de Bruxelles-Capitale|Brussels Hoofdstedelijk Gewest|Bruxelles-Capitale|Brussels Capital|Region Brüssel-Hauptstadt
BE 51.05 4.30 Flanders|Vlaanderen|Flandre|Flandern|Flandes|Fiandre|Flandres|Φλάνδρα|Flemish Region|Vlaams Gewest|Région flamande|Flämische Region
BE 50.45 4.85 Wallonia|Wallonie|Wallonien|Valonia|Vallonia|Valónia|Βαλλονία|Walloon Region|Région wallonne|Wallonische Region
BE 51.22 4.45 Antwerp|Antwerpen|Anvers|Amberes|Anversa|Antuérpia|Αμβέρσα
BE 51.00 5.40 Limburg|Limbourg|Belgian Limburg
BE 51.00 3.80 East Flanders|Oost-Vlaanderen|Flandre-Orientale|Ostflandern|Flandes Oriental|Fiandre Orientale
BE 50.90 4.60 Flemish Brabant|Vlaams-Brabant|Brabant flamand|Flämisch-Brabant|Brabante Flamenco
BE 51.00 3.05 West Flanders|West-Vlaanderen|Flandre-Occidentale|Westflandern|Flandes Occidental|Fiandre Occidentali
BE 50.65 4.60 Walloon Brabant|Brabant wallon|Waals-Brabant|Wallonisch-Brabant|Brabante Valón
BE 50.45 4.00 Hainaut|Henegouwen|Hennegau|Henao
BE 50.50 5.70 Liège|Luik|Lüttich|Lieja|Liegi|Liège Province
BE 49.95 5.45 Luxembourg|Luxemburg|Province of Luxembourg|Belgian Luxembourg|Luxemburgo
BE 50.30 4.85 Namur|Namen
BE 51.05 3.72 Ghent|Gent|Gand|Gante
BE 50.41 4.44 Charleroi
BE 50.88 4.70 Leuven|Louvain|Löwen|Lovaina
BG 43.45 23.30 North-West|Severozapaden|Северозападен|Northwestern Region
BG 43.35 25.35 North Central|Severen tsentralen|Северен централен|North-Central Region
BG 43.30 27.30 North-East|Severoiztochen|Североизточен|Northeastern Region
BG 42.55 26.90 South-East|Yugoiztochen|Югоизточен|Southeastern Region
BG 42.50 23.30 South-West|Yugozapaden|Югозападен|Southwestern Region
BG 42.00 24.90 South Central|Yuzhen tsentralen|Южен централен|South-Central Region
BG 42.70 23.32 Sofia|София|Sofía|Sofie|Σόφια
BG 42.14 24.75 Plovdiv|Пловдив
BG 43.21 27.91 Varna|Варна
CY 35.17 33.36 Nicosia|Lefkosia|Λευκωσία|Nicosie|Nikosia
CY 34.68 33.04 Limassol|Lemesos|Λεμεσός
CY 34.92 33.63 Larnaca|Larnaka|Λάρνακα
CZ 50.08 14.44 Prague|Praha|Prag|Praga|Πράγα|Hlavní město Praha
CZ 49.95 14.50 Central Bohemia|Central Bohemian Region|Střední Čechy|Středočeský kraj|Mittelböhmen|Bohême-Centrale
CZ 49.30 13.90 Southwest|South-West|Jihozápad
CZ 50.40 13.40 Northwest|North-West|Severozápad
CZ 50.40 15.70 Northeast|North-East|Severovýchod
CZ 49.30 16.20 Southeast|South-East|Jihovýchod
CZ 49.50 17.30 Central Moravia|Střední Morava
CZ 49.80 18.10 Moravian-Silesian Region|Moravia-Silesia|Moravskoslezsko|Moravskoslezský kraj|Mährisch-Schlesien
CZ 49.05 14.45 South Bohemian Region|South Bohemia|Jihočeský kraj|Südböhmen
CZ 49.60 13.30 Plzeň Region|Plzeň|Pilsen|Plzeňský kraj
CZ 50.15 12.75 Karlovy Vary Region|Karlovy Vary|Karlovarský kraj|Karlsbad
CZ 50.55 13.90 Ústí nad Labem Region|Ústí nad Labem|Ústecký kraj
CZ 50.75 15.05 Liberec Region|Liberec|Liberecký kraj
CZ 50.45 15.75 Hradec Králové Region|Hradec Králové|Královéhradecký kraj
CZ 49.90 16.10 Pardubice Region|Pardubice|Pardubický kraj
CZ 49.45 15.60 Vysočina|Vysočina Region|Kraj Vysočina
CZ 49.00 16.65 South Moravian Region|South Moravia|Jihomoravský kraj|Südmähren
CZ 49.75 17.15 Olomouc Region|Olomouc|Olomoucký kraj
CZ 49.15 17.75 Zlín Region|Zlín|Zlínský kraj
CZ 49.20 16.61 Brno|Brünn
CZ 49.82 18.26 Ostrava
DE 48.55 9.05 Baden-Württemberg|Bade-Wurtemberg|Baden-Wurtemberg|Μπάντεν-Βυρτεμβέργη
DE 48.78 9.18 Stuttgart|Estugarda|Στουτγάρδη
DE 49.01 8.40 Karlsruhe
DE 47.99 7.85 Freiburg|Freiburg im Breisgau|Fribourg-en-Brisgau|Friburgo de Brisgovia
DE 48.52 9.06 Tübingen
DE 48.95 11.40 Bavaria|Bayern|Bavière|Baviera|Βαυαρία|Free State of Bavaria|Freistaat Bayern
DE 48.00 11.80 Upper Bavaria|Oberbayern|Haute-Bavière|Alta Baviera
DE 48.65 12.80 Lower Bavaria|Niederbayern|Basse-Bavière|Baja Baviera|Bassa Baviera
DE 49.35 12.10 Upper Palatinate|Oberpfalz|Haut-Palatinat|Alto Palatinado|Alto Palatinato
DE 50.00 11.40 Upper Franconia|Oberfranken|Haute-Franconie|Alta Franconia
DE 49.35 10.75 Middle Franconia|Mittelfranken|Moyenne-Franconie|Media Franconia
DE 50.00 9.95 Lower Franconia|Unterfranken|Basse-Franconie|Baja Franconia|Bassa Franconia
DE 48.30 10.50 Swabia|Schwaben|Souabe|Suabia|Svevia|Suábia
DE 48.14 11.58 Munich|München|Munique|Múnich|Monaco di Baviera|Μόναχο
DE 49.45 11.08 Nuremberg|Nürnberg|Núremberg|Norimberga
DE 48.37 10.90 Augsburg|Augsbourg|Augusta
DE 52.52 13.40 Berlin|Berlín|Berlino|Berlim|Βερολίνο|Land Berlin
DE 52.45 13.00 Brandenburg|Brandebourg|Brandeburgo|Βρανδεμβούργο
DE 53.08 8.80 Bremen|Brême|Brema
DE 53.55 10.00 Hamburg|Hambourg|Hamburgo|Amburgo|Αμβούργο|Freie und Hansestadt Hamburg
DE 50.60 9.00 Hesse|Hessen|Assia|Έσση
DE 49.87 8.65 Darmstadt
DE 50.58 8.68 Gießen|Giessen
DE 51.31 9.48 Kassel|Cassel
DE 50.11 8.68 Frankfurt|Frankfurt am Main|Francfort|Fráncfort|Francoforte|Φρανκφούρτη
DE 53.75 12.55 Mecklenburg-Western Pomerania|Mecklenburg-Vorpommern|Mecklembourg-Poméranie-Occidentale|Meclemburgo-Pomerania Occidental|Meclemburgo-Pomerania Anteriore|Meclemburgo-Pomerânia Ocidental
DE 52.75 9.40 Lower Saxony|Niedersachsen|Basse-Saxe|Baja Sajonia|Bassa Sassonia|Baixa Saxónia|Κάτω Σαξονία
DE 52.27 10.52 Braunschweig|Brunswick
DE 52.37 9.73 Hanover|Hannover|Hanovre|Hanóver|Annover
DE 53.25 10.41 Lüneburg|Lunebourg
DE 52.85 7.70 Weser-Ems
DE 51.45 7.55 North Rhine-Westphalia|Nordrhein-Westfalen|NRW|Rhénanie-du-Nord-Westphalie|Renania del Norte-Westfalia|Renania Settentrionale-Vestfalia|Renânia do Norte-Vestfália|Βόρεια Ρηνανία-Βεστφαλία
DE 51.23 6.78 Düsseldorf
DE 50.94 6.96 Cologne|Köln|Colonia|Colónia|Κολωνία
DE 51.96 7.63 Münster
DE 51.94 8.88 Detmold
DE 51.40 8.06 Arnsberg
DE 51.51 7.47 Dortmund
DE 51.46 7.01 Essen
DE 49.90 7.45 Rhineland-Palatinate|Rheinland-Pfalz|Rhénanie-Palatinat|Renania-Palatinado|Renania-Palatinato|Renânia-Palatinado
DE 50.36 7.59 Koblenz|Coblence|Coblenza
DE 49.75 6.64 Trier|Trèves|Tréveris|Treviri
DE 49.50 8.00 Rheinhessen-Pfalz|Rhenish Hesse-Palatinate
DE 49.40 6.95 Saarland|Sarre|Saar
DE 51.05 13.35 Saxony|Sachsen|Saxe|Sajonia|Sassonia|Saxónia|Σαξονία|Free State of Saxony|Freistaat Sachsen
DE 51.05 13.74 Dresden|Dresde|Dresda
DE 50.83 12.92 Chemnitz
DE 51.34 12.37 Leipzig|Lipsia
DE 51.95 11.70 Saxony-Anhalt|Sachsen-Anhalt|Saxe-Anhalt|Sajonia-Anhalt|Sassonia-Anhalt|Saxónia-Anhalt
DE 54.20 9.80 Schleswig-Holstein|Slesvig-Holsten
DE 50.90 11.05 Thuringia|Thüringen|Thuringe|Turingia|Turíngia|Θουριγγία|Free State of Thuringia|Freistaat Thüringen
DK 55.68 12.57 Copenhagen|København|Copenhague|Copenaghen|Copenhaga|Kopenhagen|Κοπεγχάγη
DK 55.90 12.30 Capital Region of Denmark|Capital Region|Hovedstaden|Region Hovedstaden
DK 55.45 11.70 Zealand|Sjælland|Region Zealand|Region Sjælland|Seeland|Zélande|Selandia
DK 55.45 9.30 Southern Denmark|Region of Southern Denmark|Syddanmark|Region Syddanmark|Danemark du Sud|Süddänemark
DK 56.25 9.30 Central Denmark|Central Denmark Region|Central Jutland|Midtjylland|Region Midtjylland|Mitteljütland
DK 57.05 9.95 North Denmark|North Denmark Region|North Jutland|Nordjylland|Region Nordjylland|Nordjütland
DK 56.16 10.20 Aarhus|Århus
DK 55.40 10.39 Odense
EE 59.44 24.75 Tallinn|Reval|Ταλίν
EE 58.38 26.72 Tartu|Dorpat
ES 42.75 -7.90 Galicia|Galice|Galizien|Galiza|Galizia|Γαλικία
ES 43.30 -5.90 Asturias|Principality of Asturias|Principado de Asturias|Asturies|Astúrias
ES 43.20 -4.00 Cantabria|Cantabrie|Kantabrien|Cantábria
ES 43.00 -2.60 Basque Country|País Vasco|Euskadi|Pays basque|Baskenland|Paesi Baschi|País Basco|Χώρα των Βάσκων|Basque Autonomous Community
ES 42.70 -1.65 Navarre|Navarra|Comunidad Foral de Navarra|Nafarroa|Foral Community of Navarre
ES 42.30 -2.50 La Rioja|Rioja
ES 41.50 -0.70 Aragon|Aragón|Aragona|Aragão|Αραγονία
ES 40.42 -3.70 Madrid|Community of Madrid|Comunidad de Madrid|Communauté de Madrid|Madri|Μαδρίτη
ES 41.75 -4.75 Castile and León|Castilla y León|Castille-et-León|Kastilien und León|Castiglia e León|Castela e Leão
ES 39.55 -3.00 Castile-La Mancha|Castilla-La Mancha|Castille-La Manche|Kastilien-La Mancha|Castiglia-La Mancia|Castela-La Mancha
ES 39.20 -6.15 Extremadura|Estrémadure|Estremadura
ES 41.80 1.50 Catalonia|Catalunya|Cataluña|Catalogne|Katalonien|Catalogna|Catalunha|Καταλονία|Generalitat de Catalunya
ES 39.40 -0.60 Valencian Community|Comunitat Valenciana|Comunidad Valenciana|Valencia|València|Communauté valencienne|Valencianische Gemeinschaft|Comunità Valenciana|Comunidade Valenciana|Βαλένθια
ES 39.60 2.95 Balearic Islands|Illes Balears|Islas Baleares|Baleares|Îles Baléares|Balearen|Isole Baleari|Ilhas Baleares|Βαλεαρίδες Νήσοι
ES 37.45 -4.60 Andalusia|Andalucía|Andalousie|Andalusien|Andaluzia|Ανδαλουσία|Junta de Andalucía
ES 38.00 -1.50 Region of Murcia|Región de Murcia|Murcia|Murcie|Múrcia|Μούρθια
ES 35.89 -5.32 Ceuta
ES 35.29 -2.94 Melilla|Mélilla
ES 28.29 -16.55 Canary Islands|Canarias|Islas Canarias|Îles Canaries|Kanarische Inseln|Isole Canarie|Canárias|Ilhas Canárias|Κανάριοι Νήσοι
ES 41.39 2.17 Barcelona|Barcelone|Barcellona|Βαρκελώνη
ES 37.39 -5.98 Seville|Sevilla|Séville|Siviglia|Sevilha|Σεβίλλη
ES 36.72 -4.42 Málaga|Malaga
ES 41.65 -0.88 Zaragoza|Saragossa|Saragosse|Saragozza
ES 43.26 -2.93 Bilbao|Bilbo
ES 38.35 -0.48 Alicante|Alacant
ES 37.89 -4.78 Córdoba|Cordoba|Cordoue|Cordova
ES 37.18 -3.60 Granada|Grenade
ES 36.84 -2.46 Almería
ES 37.26 -6.95 Huelva
ES 36.53 -6.29 Cádiz
ES 39.57 2.65 Palma|Palma de Mallorca
ES 28.12 -15.43 Las Palmas|Las Palmas de Gran Canaria
ES 28.46 -16.25 Santa Cruz de Tenerife
ES 41.65 -4.72 Valladolid
ES 37.60 -0.98 Cartagena
ES 41.98 2.82 Girona|Gerona
ES 41.12 1.25 Tarragona
ES 41.62 0.62 Lleida|Lérida
FI 62.40 23.40 West Finland|Western Finland|Länsi-Suomi|Västra Finland
FI 60.35 24.90 Helsinki-Uusimaa|Uusimaa|Nyland
FI 60.17 24.94 Helsinki|Helsingfors|Helsínquia|Ελσίνκι
FI 61.00 26.50 South Finland|Southern Finland|Etelä-Suomi|Södra Finland
FI 64.50 27.50 North and East Finland|Pohjois- ja Itä-Suomi|Norra och Östra Finland
FI 60.20 20.00 Åland|Åland Islands|Ahvenanmaa|Îles Åland
FI 61.50 23.76 Tampere|Tammerfors
FI 60.45 22.27 Turku|Åbo
FI 65.01 25.47 Oulu|Uleåborg
FI 60.21 24.66 Espoo|Esbo
FI 60.29 25.04 Vantaa|Vanda
FR 48.70 2.50 Île-de-France|Paris Region|Région parisienne|Isla de Francia|Isola di Francia|Ilha de França
FR 48.86 2.35 Paris|París|Parigi|Παρίσι
FR 47.50 1.75 Centre-Val de Loire|Centre|Centro-Valle de Loira|Centro-Valle della Loira
FR 47.20 4.30 Burgundy|Bourgogne|Burgund|Borgoña|Borgogna|Borgonha
FR 47.15 6.25 Franche-Comté|Franco Condado|Franca Contea
FR 47.25 4.80 Bourgogne-Franche-Comté|Burgundy-Franche-Comté
FR 48.90 -0.60 Lower Normandy|Basse-Normandie|Baja Normandía|Bassa Normandia
FR 49.45 1.00 Upper Normandy|Haute-Normandie|Alta Normandía|Alta Normandia
FR 49.10 0.10 Normandy|Normandie|Normandía|Normandia|Νορμανδία
FR 50.50 2.80 Nord-Pas-de-Calais
FR 49.70 2.75 Picardy|Picardie|Picardía|Piccardia|Picardia
FR 50.00 2.80 Hauts-de-France
FR 48.30 7.45 Alsace|Elsass|Alsacia|Alsazia|Alsácia
FR 48.95 4.45 Champagne-Ardenne
FR 48.85 6.20 Lorraine|Lothringen|Lorena
FR 48.70 5.60 Grand Est|Gran Este|Grande Est
FR 47.50 -0.80 Pays de la Loire|Países del Loira|Paesi della Loira
FR 48.20 -2.90 Brittany|Bretagne|Bretaña|Bretagna|Bretanha|Βρετάνη
FR 44.60 -0.40 Aquitaine|Aquitania|Aquitânia
FR 45.75 1.60 Limousin|Lemosín|Limosino
FR 46.10 -0.20 Poitou-Charentes
FR 45.20 0.30 Nouvelle-Aquitaine|New Aquitaine|Nueva Aquitania|Nuova Aquitania|Nova Aquitânia
FR 43.60 3.40 Languedoc-Roussillon|Languedoc-Rosellón
FR 43.80 1.45 Midi-Pyrénées|Mediodía-Pirineos
FR 43.75 2.25 Occitanie|Occitania|Okzitanien|Occitânia
FR 45.60 3.15 Auvergne|Auvernia|Alvernia
FR 45.55 5.55 Rhône-Alpes|Ródano-Alpes|Rodano-Alpi
FR 45.50 4.55 Auvergne-Rhône-Alpes|Auvernia-Ródano-Alpes|Alvernia-Rodano-Alpi
FR 43.95 6.05 Provence-Alpes-Côte d'Azur|PACA|Région Sud|Provence|Provenza|Provença|Provenza-Alpes-Costa Azul|Provenza-Alpi-Costa Azzurra
FR 42.15 9.10 Corsica|Corse|Korsika|Córcega|Córsega|Κορσική
FR 16.25 -61.55 Guadeloupe|Guadalupe
FR 14.65 -61.00 Martinique|Martinica
FR 4.00 -53.00 French Guiana|Guyane|Guayana Francesa|Guyana francese|Guiana Francesa
FR -21.12 55.50 Réunion|La Réunion|Reunión|Riunione|Reunião
FR -12.80 45.15 Mayotte|Maiote
FR 45.76 4.84 Lyon|Lyons|Lione
FR 43.30 5.37 Marseille|Marseilles|Marsella|Marsiglia|Marselha|Μασσαλία
FR 43.60 1.44 Toulouse|Tolosa
FR 50.63 3.06 Lille
FR 48.57 7.75 Strasbourg|Straßburg|Estrasburgo|Strasburgo|Στρασβούργο
FR 44.84 -0.58 Bordeaux|Burdeos
FR 47.22 -1.55 Nantes
FR 43.70 7.27 Nice|Niza|Nizza
FR 43.61 3.88 Montpellier
FR 48.11 -1.68 Rennes
FR 45.19 5.72 Grenoble
FR 50.95 1.86 Calais
GR 41.10 25.00 Eastern Macedonia and Thrace|East Macedonia and Thrace|Anatoliki Makedonia kai Thraki|Ανατολική Μακεδονία και Θράκη|Macédoine-Orientale-et-Thrace|Ostmakedonien und Thrakien|Macedonia Oriental y Tracia|Macedonia Orientale e Tracia|Macedónia Oriental e Trácia
GR 40.65 23.00 Central Macedonia|Kentriki Makedonia|Κεντρική Μακεδονία|Macédoine-Centrale|Zentralmakedonien|Macedonia Central|Macedonia Centrale|Macedónia Central
GR 40.35 21.55 Western Macedonia|West Macedonia|Dytiki Makedonia|Δυτική Μακεδονία|Macédoine-Occidentale|Westmakedonien|Macedonia Occidental|Macedonia Occidentale|Macedónia Ocidental
GR 39.60 20.75 Epirus|Ipeiros|Ήπειρος|Épire|Epiro
GR 39.50 22.15 Thessaly|Thessalia|Θεσσαλία|Thessalie|Thessalien|Tesalia|Tessaglia|Tessália
GR 38.72 20.65 Ionian Islands|Ionia Nisia|Ιόνια Νησιά|Ιονίων Νήσων|Îles Ioniennes|Ionische Inseln|Islas Jónicas|Isole Ionie|Ilhas Jónicas
GR 37.95 21.70 Western Greece|West Greece|Dytiki Ellada|Δυτική Ελλάδα|Grèce-Occidentale|Westgriechenland|Grecia Occidental|Grecia Occidentale|Grécia Ocidental
GR 38.65 22.80 Central Greece|Sterea Ellada|Στερεά Ελλάδα|Grèce-Centrale|Mittelgriechenland|Grecia Central|Grecia Centrale|Grécia Central
GR 37.45 22.35 Peloponnese|Peloponnisos|Πελοπόννησος|Péloponnèse|Peloponnes|Peloponeso|Peloponneso
GR 38.00 23.75 Attica|Attiki|Αττική|Attique|Attika|Ática
GR 39.15 26.35 North Aegean|Voreio Aigaio|Βόρειο Αιγαίο|Égée-Septentrionale|Nördliche Ägäis|Egeo Septentrional|Egeo Settentrionale|Egeu do Norte
GR 37.05 25.47 South Aegean|Notio Aigaio|Νότιο Αιγαίο|Égée-Méridionale|Südliche Ägäis|Egeo Meridional|Egeo Meridionale|Egeu do Sul
GR 35.25 24.90 Crete|Kriti|Κρήτη|Crète|Kreta|Creta
GR 37.98 23.73 Athens|Athina|Αθήνα|Athènes|Atenas|Atene|Athen
GR 40.64 22.94 Thessaloniki|Θεσσαλονίκη|Salonica|Thessalonique|Tesalónica|Salonicco|Saloniki|Salónica
GR 38.25 21.73 Patras|Patra|Πάτρα
GR 35.34 25.13 Heraklion|Iraklio|Ηράκλειο
GR 39.10 26.55 Lesbos|Lesvos|Λέσβος|Mytilene|Μυτιλήνη
HR 45.55 17.30 Pannonian Croatia|Panonska Hrvatska
HR 44.40 15.80 Adriatic Croatia|Jadranska Hrvatska
HR 45.81 15.98 Zagreb|City of Zagreb|Grad Zagreb|Zagabria|Ζάγκρεμπ
HR 46.15 16.30 Northern Croatia|Sjeverna Hrvatska
HR 43.51 16.44 Split
HR 45.33 14.44 Rijeka|Fiume
HR 45.55 18.69 Osijek
HU 47.50 19.04 Budapest|Budapeste|Βουδαπέστη
HU 47.40 19.45 Pest|Pest County|Pest megye
HU 47.20 18.30 Central Transdanubia|Közép-Dunántúl
HU 47.15 16.85 Western Transdanubia|Nyugat-Dunántúl
HU 46.25 18.05 Southern Transdanubia|Dél-Dunántúl
HU 48.10 20.55 Northern Hungary|Észak-Magyarország
HU 47.55 21.45 Northern Great Plain|Észak-Alföld
HU 46.45 20.10 Southern Great Plain|Dél-Alföld
HU 47.53 21.63 Debrecen
HU 46.25 20.15 Szeged
HU 46.07 18.23 Pécs
IE 53.85 -8.60 Northern and Western|Northern and Western Region
IE 52.35 -8.20 Southern|Southern Region
IE 53.40 -7.00 Eastern and Midland|Eastern and Midland Region
IE 53.35 -6.26 Dublin|Baile Átha Cliath|Dublín|Dublino|Δουβλίνο
IE 51.90 -8.47 Cork|Corcaigh
IE 53.27 -9.05 Galway|Gaillimh
IE 52.66 -8.63 Limerick|Luimneach
IT 45.05 7.90 Piedmont|Piemonte|Piémont|Piamonte|Piemont|Πιεμόντε
IT 45.73 7.35 Aosta Valley|Valle d'Aosta|Vallée d'Aoste|Aostatal|Valle de Aosta|Vale de Aosta
IT 44.45 8.55 Liguria|Ligurie|Ligurien|Λιγουρία
IT 45.60 9.80 Lombardy|Lombardia|Lombardie|Lombardei|Lombardía|Λομβαρδία
IT 46.70 11.40 South Tyrol|Südtirol|Alto Adige|Bolzano|Bozen|Bolzano-Bozen|Provincia autonoma di Bolzano|Autonome Provinz Bozen|Haut-Adige|Tirol del Sur|Alto Ádige
IT 46.10 11.10 Trentino|Trento|Trient|Trente|Provincia autonoma di Trento
IT 46.40 11.25 Trentino-Alto Adige|Trentino-South Tyrol|Trentino-Südtirol|Trentin-Haut-Adige|Trentino-Alto Adigio
IT 45.60 11.90 Veneto|Vénétie|Venetien|Véneto|Vêneto
IT 46.10 13.10 Friuli-Venezia Giulia|Friuli Venezia Giulia|Frioul-Vénétie julienne|Friaul-Julisch Venetien|Friul-Venecia Julia|Friul-Veneza Júlia
IT 44.55 11.00 Emilia-Romagna|Émilie-Romagne|Emilia-Romaña
IT 43.40 11.10 Tuscany|Toscana|Toscane|Toskana|Τοσκάνη
IT 42.95 12.50 Umbria|Ombrie|Umbrien|Úmbria
IT 43.30 13.10 Marche|Marches|Marken|Marcas
IT 41.95 12.80 Lazio|Latium|Lacio|Lácio
IT 42.20 13.85 Abruzzo|Abruzzes|Abruzzen|Abruzos
IT 41.65 14.55 Molise
IT 40.85 14.85 Campania|Campanie|Kampanien|Campânia|Καμπανία
IT 41.00 16.55 Apulia|Puglia|Pouilles|Apulien|Apúlia|Απουλία
IT 40.50 16.10 Basilicata|Basilicate
IT 39.05 16.45 Calabria|Calabre|Kalabrien|Calábria|Καλαβρία
IT 37.55 14.20 Sicily|Sicilia|Sicile|Sizilien|Sicília|Σικελία
IT 40.05 9.05 Sardinia|Sardegna|Sardaigne|Sardinien|Cerdeña|Sardenha|Σαρδηνία
IT 41.90 12.50 Rome|Roma|Rom|Ρώμη
IT 45.46 9.19 Milan|Milano|Milán|Mailand|Milão|Μιλάνο
IT 40.85 14.27 Naples|Napoli|Nápoles|Neapel|Νάπολη
IT 45.07 7.69 Turin|Torino|Turín|Turim
IT 38.12 13.36 Palermo|Palerme
IT 44.41 8.93 Genoa|Genova|Gênes|Génova|Genua
IT 44.49 11.34 Bologna|Bologne|Bolonia|Bolonha
IT 43.77 11.26 Florence|Firenze|Florencia|Florenz|Florença|Φλωρεντία
IT 45.44 12.33 Venice|Venezia|Venise|Venedig|Venecia|Veneza|Βενετία
IT 41.12 16.87 Bari
IT 37.50 15.09 Catania|Catane
IT 41.46 15.55 Foggia
IT 40.68 14.77 Salerno|Salerne
IT 40.35 18.17 Lecce
IT 41.07 14.33 Caserta|Caserte
IT 45.44 10.99 Verona|Vérone
IT 45.41 11.88 Padua|Padova|Padoue
IT 45.65 13.78 Trieste|Triest
IT 38.11 15.65 Reggio Calabria
IT 39.08 17.13 Crotone
IT 39.22 9.11 Cagliari
IT 38.19 15.55 Messina|Messine
IT 35.51 12.60 Lampedusa
LT 54.85 25.10 Capital Region|Sostinės regionas|Vilnius County|Vilniaus apskritis
LT 55.40 23.50 Central and Western Lithuania|Vidurio ir vakarų Lietuvos regionas
LT 54.69 25.28 Vilnius|Vilna|Wilno|Βίλνιους
LT 54.90 23.90 Kaunas
LT 55.71 21.13 Klaipėda|Memel
LU 49.61 6.13 Luxembourg|Luxemburg|Luxemburgo|Lussemburgo|Λουξεμβούργο|Lëtzebuerg|Luxembourg City|Ville de Luxembourg
LV 56.95 24.11 Riga|Rīga|Ρίγα
LV 55.87 26.53 Daugavpils
MT 35.90 14.51 Valletta|La Valette|La Valeta|La Valletta|Βαλέτα
MT 36.04 14.24 Gozo|Gozo and Comino|Għawdex
NL 53.25 6.70 Groningen|Groningue|Groninga
NL 53.10 5.80 Friesland|Fryslân|Frise|Frisia|Frísia
NL 52.85 6.60 Drenthe
NL 52.45 6.45 Overijssel
NL 52.05 5.90 Gelderland|Gueldre|Güeldres
NL 52.50 5.60 Flevoland
NL 52.09 5.12 Utrecht
NL 52.55 4.85 North Holland|Noord-Holland|Hollande-Septentrionale|Nordholland|Holanda Septentrional|Olanda Settentrionale
NL 52.00 4.55 South Holland|Zuid-Holland|Hollande-Méridionale|Südholland|Holanda Meridional|Olanda Meridionale
NL 51.50 3.85 Zeeland|Zélande|Seeland|Zelanda|Zelândia
NL 51.55 5.20 North Brabant|Noord-Brabant|Brabant-Septentrional|Nordbrabant|Brabante Septentrional
NL 51.20 5.90 Limburg|Limbourg|Dutch Limburg
NL 52.37 4.90 Amsterdam|Ámsterdam|Amesterdão|Άμστερνταμ
NL 51.92 4.48 Rotterdam|Róterdam|Roterdão
NL 52.08 4.30 The Hague|Den Haag|'s-Gravenhage|La Haye|La Haya|L'Aia|Haia|Χάγη
NL 51.44 5.48 Eindhoven
NL 51.56 5.09 Tilburg
NL 51.84 5.85 Nijmegen|Nimègue
PL 49.85 20.25 Lesser Poland|Lesser Poland Voivodeship|Małopolskie|Małopolska|Petite-Pologne|Kleinpolen|Pequeña Polonia|Piccola Polonia|Pequena Polónia
PL 50.30 19.00 Silesia|Silesian Voivodeship|Śląskie|Śląsk|Silésie|Schlesien|Slesia|Silésia
PL 52.35 17.20 Greater Poland|Greater Poland Voivodeship|Wielkopolskie|Wielkopolska|Grande-Pologne|Großpolen|Gran Polonia|Grande Polonia
PL 53.50 15.55 West Pomerania|West Pomeranian Voivodeship|Zachodniopomorskie|Poméranie-Occidentale|Westpommern
PL 52.20 15.30 Lubusz|Lubusz Voivodeship|Lubuskie|Lebus
PL 51.05 16.40 Lower Silesia|Lower Silesian Voivodeship|Dolnośląskie|Dolny Śląsk|Basse-Silésie|Niederschlesien
PL 50.60 17.90 Opole|Opole Voivodeship|Opolskie|Oppeln
PL 53.10 18.40 Kuyavia-Pomerania|Kuyavian-Pomeranian Voivodeship|Kujawsko-Pomorskie|Cujavie-Poméranie
PL 53.80 20.80 Warmia-Masuria|Warmian-Masurian Voivodeship|Warmińsko-Mazurskie|Varmie-Mazurie|Ermland-Masuren
PL 54.20 18.00 Pomerania|Pomeranian Voivodeship|Pomorskie|Poméranie|Pommern
PL 51.60 19.40 Łódź Voivodeship|Łódzkie
PL 51.76 19.46 Łódź|Lodsch
PL 50.80 20.80 Holy Cross|Świętokrzyskie|Świętokrzyskie Voivodeship|Sainte-Croix
PL 51.20 22.90 Lublin|Lublin Voivodeship|Lubelskie
PL 50.00 22.20 Subcarpathia|Subcarpathian Voivodeship|Podkarpackie|Basses-Carpates|Karpatenvorland
PL 53.25 22.90 Podlaskie|Podlaskie Voivodeship|Podlachia|Podlasie|Podlachie
PL 52.35 21.00 Masovia|Mazovia|Masovian Voivodeship|Mazowieckie|Mazowsze|Mazovie|Masowien
PL 52.23 21.01 Warsaw|Warszawa|Varsovie|Varsovia|Warschau|Varsavia|Varsóvia|Βαρσοβία|Warsaw Capital Region|Warszawski stołeczny
PL 52.40 20.40 Masovian Regional|Mazowiecki regionalny
PL 50.06 19.94 Kraków|Cracow|Cracovie|Cracovia|Krakau|Cracóvia|Κρακοβία
PL 51.11 17.04 Wrocław|Breslau|Breslavia
PL 54.35 18.65 Gdańsk|Danzig|Dantzig
PL 52.41 16.93 Poznań|Posen
PL 50.26 19.02 Katowice|Kattowitz
PL 53.43 14.55 Szczecin|Stettin
PL 53.13 23.16 Białystok
PL 50.04 22.00 Rzeszów
PT 41.55 -7.90 North|Norte|Northern Portugal|Região Norte
PT 37.20 -8.10 Algarve
PT 40.15 -8.00 Centro|Central Portugal|Região Centro
PT 38.45 -7.85 Alentejo
PT 38.78 -9.15 Lisbon Metropolitan Area|Área Metropolitana de Lisboa|Lisbon Region|Região de Lisboa
PT 38.72 -9.14 Lisbon|Lisboa|Lisbonne|Lissabon|Lisbona|Λισαβόνα
PT 38.85 -9.25 Grande Lisboa|Greater Lisbon
PT 38.55 -8.90 Setúbal Peninsula|Península de Setúbal|Setúbal
PT 39.40 -8.75 Oeste e Vale do Tejo|Oeste and Tagus Valley
PT 37.80 -25.50 Azores|Açores|Região Autónoma dos Açores|Autonomous Region of the Azores|Azoren|Azzorre|Αζόρες
PT 32.75 -16.95 Madeira|Região Autónoma da Madeira|Autonomous Region of Madeira|Madère|Μαδέρα
PT 41.15 -8.61 Porto|Oporto
PT 40.21 -8.43 Coimbra
PT 41.55 -8.42 Braga
PT 37.02 -7.93 Faro
PT 37.74 -25.67 Ponta Delgada
PT 32.65 -16.91 Funchal
PT 38.57 -7.91 Évora
PT 38.75 -9.23 Amadora
RO 47.15 23.50 North-West|Nord-Vest
RO 46.20 24.80 Centre|Center|Centru
RO 47.20 26.80 North-East|Nord-Est
RO 45.15 28.00 South-East|Sud-Est
RO 44.50 25.70 South-Muntenia|Sud-Muntenia|Muntenia
RO 44.50 26.10 Bucharest-Ilfov|București-Ilfov
RO 44.43 26.10 Bucharest|București|Bucarest|Bukarest|Bucareste|Βουκουρέστι
RO 44.50 23.50 South-West Oltenia|Sud-Vest Oltenia|Oltenia
RO 45.75 21.80 West|Vest
RO 46.77 23.60 Cluj-Napoca|Cluj
RO 47.16 27.59 Iași|Jassy
RO 45.75 21.23 Timișoara|Temeswar
RO 44.18 28.63 Constanța
RO 45.65 25.61 Brașov|Kronstadt
SE 59.33 18.07 Stockholm|Stockholm County|Stockholms län|Region Stockholm|Estocolmo|Stoccolma|Στοκχόλμη
SE 59.30 16.00 East Middle Sweden|Östra Mellansverige
SE 57.30 15.40 Småland and the islands|Småland med öarna|Småland
SE 55.90 13.80 South Sweden|Sydsverige
SE 57.90 12.60 West Sweden|Västsverige
SE 60.80 14.80 North Middle Sweden|Norra Mellansverige
SE 63.00 16.50 Middle Norrland|Central Norrland|Mellersta Norrland
SE 66.00 19.50 Upper Norrland|Övre Norrland
SE 55.90 13.55 Skåne|Scania|Skåne County|Region Skåne|Skåne län|Scanie|Schonen|Escania
SE 58.25 12.50 Västra Götaland|Region Västra Götaland|Västra Götaland County
SE 59.85 17.65 Uppsala|Uppsala County|Region Uppsala
SE 58.40 15.60 Östergötland
SE 57.50 14.40 Jönköping
SE 56.75 14.45 Kronoberg
SE 57.20 16.10 Kalmar
SE 57.50 18.55 Gotland
SE 56.20 15.30 Blekinge
SE 56.85 12.80 Halland
SE 59.80 13.20 Värmland
SE 59.30 15.00 Örebro
SE 59.70 16.35 Västmanland
SE 61.00 14.60 Dalarna
SE 61.30 16.20 Gävleborg
SE 63.00 17.40 Västernorrland
SE 63.20 14.00 Jämtland|Jämtland Härjedalen
SE 64.75 18.00 Västerbotten
SE 66.80 20.50 Norrbotten
SE 59.10 16.70 Södermanland|Sörmland
SE 55.60 13.00 Malmö
SE 57.71 11.97 Gothenburg|Göteborg|Gotemburgo
SE 55.70 13.19 Lund
SE 56.05 12.69 Helsingborg
SE 58.59 16.19 Norrköping
SE 58.41 15.62 Linköping
SE 63.83 20.26 Umeå
SI 46.25 15.30 Eastern Slovenia|Vzhodna Slovenija
SI 46.05 14.20 Western Slovenia|Zahodna Slovenija
SI 46.06 14.51 Ljubljana|Lubiana|Liubliana|Laibach|Λιουμπλιάνα
SI 46.55 15.65 Maribor
SK 48.30 17.20 Bratislava Region|Bratislavský kraj
SK 48.15 17.11 Bratislava|Pressburg|Presbourg
SK 48.30 18.10 Western Slovakia|Západné Slovensko
SK 48.70 19.40 Central Slovakia|Stredné Slovensko
SK 48.80 21.30 Eastern Slovakia|Východné Slovensko
SK 48.72 21.26 Košice|Kaschau
IS 64.15 -21.90 Reykjavík|Capital Region|Höfuðborgarsvæðið|Ρέικιαβικ
IS 65.00 -18.50 Landsbyggð|Rest of Iceland
IS 65.68 -18.09 Akureyri
LI 47.14 9.52 Vaduz
NO 59.91 10.75 Oslo|Όσλο
NO 59.95 10.20 Oslo and Viken|Oslo og Viken
NO 60.10 9.80 Viken
NO 61.30 10.80 Innlandet
NO 63.40 10.90 Trøndelag
NO 68.60 17.90 Northern Norway|North Norway|Nord-Norge
NO 59.10 9.00 Agder and South-Eastern Norway|Agder og Sør-Østlandet
NO 60.60 6.50 Western Norway|Vestlandet
NO 58.60 7.70 Agder
NO 59.30 9.20 Vestfold and Telemark|Vestfold og Telemark
NO 58.80 6.20 Rogaland
NO 60.80 6.30 Vestland
NO 62.50 7.50 Møre og Romsdal|Møre and Romsdal
NO 67.00 14.80 Nordland
NO 69.60 23.00 Troms and Finnmark|Troms og Finnmark
NO 69.00 19.00 Troms
NO 69.60 25.00 Finnmark
NO 60.39 5.32 Bergen
NO 58.97 5.73 Stavanger
NO 63.43 10.40 Trondheim
NO 69.65 18.96 Tromsø
NO 59.74 10.20 Drammen
NO 58.15 8.00 Kristiansand
CH 46.55 6.65 Lake Geneva Region|Région lémanique|Genferseeregion|Regione del Lemano|Lemanic Region
CH 46.90 7.40 Espace Mittelland|Mittelland
CH 47.45 7.75 Northwestern Switzerland|Nordwestschweiz|Suisse du Nord-Ouest|Svizzera nordoccidentale
CH 47.40 8.60 Zurich|Zürich|Zurigo|Zúrich|Ζυρίχη
CH 47.20 9.30 Eastern Switzerland|Ostschweiz|Suisse orientale|Svizzera orientale
CH 47.05 8.35 Central Switzerland|Zentralschweiz|Suisse centrale|Svizzera centrale
CH 46.30 8.85 Ticino|Tessin|Tesino
CH 46.20 6.15 Geneva|Genève|Genf|Ginevra|Ginebra|Genebra|Γενεύη
CH 46.60 6.65 Vaud|Waadt
CH 46.52 6.63 Lausanne|Losanna
CH 46.95 7.45 Bern|Berne|Berna|Βέρνη
CH 47.56 7.59 Basel|Bâle|Basilea|Basileia
CH 47.05 8.31 Lucerne|Luzern|Lucerna
CH 46.20 7.55 Valais|Wallis|Vallese
CH 46.70 7.10 Fribourg|Freiburg|Friburgo
CH 47.00 6.93 Neuchâtel|Neuenburg
CH 46.70 9.60 Graubünden|Grisons|Grigioni|Grisões
CH 47.42 9.37 St. Gallen|Sankt Gallen|Saint-Gall|San Gallo
CH 47.40 8.15 Aargau|Argovie|Argovia
CH 47.55 9.05 Thurgau|Thurgovie|Turgovia
CH 47.21 7.54 Solothurn|Soleure
CH 47.35 7.15 Jura
CH 46.00 8.95 Lugano
CH 47.50 8.72 Winterthur
GB 52.60 -1.50 England|Angleterre|Inglaterra|Inghilterra|Αγγλία
GB 55.00 -1.90 North East England|North East|Nord-Est de l'Angleterre
GB 54.00 -2.60 North West England|North West|Nord-Ouest de l'Angleterre
GB 53.90 -1.20 Yorkshire and the Humber|Yorkshire and Humber|Yorkshire
GB 52.95 -0.90 East Midlands
GB 52.50 -2.30 West Midlands
GB 52.25 0.50 East of England|East England
GB 51.51 -0.13 London|Londres|Londra|Λονδίνο|Greater London|Inner London|Outer London
GB 51.25 -0.60 South East England|South East
GB 50.90 -3.30 South West England|South West
GB 52.30 -3.70 Wales|Cymru|Pays de Galles|Gales|Galles|País de Gales|Ουαλία
GB 56.80 -4.20 Scotland|Alba|Écosse|Schottland|Escocia|Scozia|Escócia|Σκωτία
GB 54.65 -6.75 Northern Ireland|Irlande du Nord|Nordirland|Irlanda del Norte|Irlanda del Nord|Irlanda do Norte|Βόρεια Ιρλανδία
GB 54.60 -1.55 Tees Valley and Durham
GB 55.10 -1.85 Northumberland and Tyne and Wear|Northumberland, and Tyne and Wear
GB 54.55 -3.05 Cumbria
GB 53.50 -2.25 Greater Manchester
GB 53.85 -2.60 Lancashire
GB 53.20 -2.55 Cheshire
GB 53.42 -2.95 Merseyside
GB 53.75 -0.50 East Yorkshire and Northern Lincolnshire
GB 54.15 -1.45 North Yorkshire
GB 53.50 -1.35 South Yorkshire
GB 53.75 -1.70 West Yorkshire
GB 53.05 -1.30 Derbyshire and Nottinghamshire
GB 52.55 -0.95 Leicestershire, Rutland and Northamptonshire
GB 53.10 -0.25 Lincolnshire
GB 52.20 -2.30 Herefordshire, Worcestershire and Warwickshire
GB 52.75 -2.30 Shropshire and Staffordshire
GB 52.55 1.00 East Anglia
GB 51.90 -0.35 Bedfordshire and Hertfordshire
GB 51.80 0.60 Essex
GB 51.70 -1.05 Berkshire, Buckinghamshire and Oxfordshire
GB 51.00 -0.30 Surrey, East and West Sussex
GB 50.95 -1.30 Hampshire and Isle of Wight
GB 51.20 0.75 Kent
GB 51.50 -2.20 Gloucestershire, Wiltshire and Bristol/Bath area
GB 50.95 -2.75 Dorset and Somerset
GB 50.40 -4.85 Cornwall and Isles of Scilly|Cornwall
GB 50.75 -3.80 Devon
GB 51.85 -4.00 West Wales and the Valleys
GB 52.20 -3.10 East Wales
GB 57.20 -2.40 North Eastern Scotland
GB 57.50 -5.00 Highlands and Islands|Highland|Highlands
GB 56.30 -3.20 Eastern Scotland
GB 55.85 -4.25 West Central Scotland
GB 55.30 -3.80 Southern Scotland
GB 53.48 -2.24 Manchester
GB 52.49 -1.89 Birmingham
GB 55.86 -4.25 Glasgow|Glaschu
GB 55.95 -3.19 Edinburgh|Édimbourg|Edimburgo|Εδιμβούργο
GB 51.48 -3.18 Cardiff|Caerdydd
GB 54.60 -5.93 Belfast
GB 53.80 -1.55 Leeds
GB 53.41 -2.98 Liverpool
GB 51.45 -2.59 Bristol
GB 53.38 -1.47 Sheffield
GB 54.98 -1.61 Newcastle|Newcastle upon Tyne
GB 52.64 -1.13 Leicester
GB 52.95 -1.15 Nottingham
GB 52.41 -1.51 Coventry
GB 57.15 -2.09 Aberdeen
GB 56.46 -2.97 Dundee
GB 51.62 -3.94 Swansea|Abertawe
GB 51.75 -1.26 Oxford
GB 52.21 0.12 Cambridge
AL 42.00 19.95 North|Veri|Northern Albania
AL 41.25 19.90 Centre|Qendër|Central Albania
AL 40.45 20.00 South|Jug|Southern Albania
AL 41.33 19.82 Tirana|Tiranë|Τίρανα
AL 41.32 19.45 Durrës|Durazzo
AL 42.07 19.51 Shkodër|Shkodra|Scutari
AL 40.47 19.49 Vlorë|Vlora|Valona
BA 43.95 17.90 Federation of Bosnia and Herzegovina|Federacija Bosne i Hercegovine|FBiH
BA 44.75 17.40 Republika Srpska|Republic of Srpska|Република Српска
BA 44.87 18.81 Brčko District|Brčko
BA 43.86 18.41 Sarajevo|Σαράγεβο
BA 44.77 17.19 Banja Luka
BA 43.34 17.81 Mostar
BA 44.54 18.67 Tuzla
BA 44.81 15.87 Bihać
ME 42.44 19.26 Podgorica
ME 42.77 18.94 Nikšić
MK 42.00 21.43 Skopje|Скопје|Skopia|Σκόπια
MK 41.15 21.40 Pelagonia|Pelagonija
MK 41.90 20.90 Polog
MK 41.25 20.80 Southwest|South-West|Jugozapaden
MK 41.65 21.90 Vardar
MK 41.90 22.35 East|Eastern|Istočen
MK 41.40 22.60 Southeast|South-East|Jugoistočen
MK 42.15 22.05 Northeast|North-East|Severoistočen
MK 41.03 21.33 Bitola
MK 41.12 20.80 Ohrid
MK 42.01 20.97 Tetovo
RS 44.80 20.46 Belgrade|Beograd|Belgrado|Belgrad|Βελιγράδι|Belgrade region|Beogradski region|City of Belgrade
RS 45.35 19.90 Vojvodina|Autonomous Province of Vojvodina|Voïvodine|Wojwodina|Voivodina
RS 43.85 20.30 Šumadija and Western Serbia|Region Šumadije i Zapadne Srbije|Šumadija
RS 43.35 21.90 Southern and Eastern Serbia|Region Južne i Istočne Srbije
RS 45.25 19.84 Novi Sad|Újvidék
RS 43.32 21.90 Niš|Nisch
RS 44.01 20.91 Kragujevac
RS 46.10 19.67 Subotica|Szabadka
XK 42.66 21.17 Pristina|Prishtina|Priština|Prishtinë
XK 42.21 20.74 Prizren
XK 42.89 20.87 Mitrovica|Mitrovicë
XK 42.66 20.29 Peja|Peć|Pejë
MD 47.01 28.86 Chișinău|Chisinau|Kishinev|Chişinău
MD 46.30 28.65 Gagauzia|Găgăuzia|Gagauz Yeri
MD 47.76 27.93 Bălți|Balti
UA 50.45 30.52 Kyiv|Kiev|Kyjiw|Kiew|Κίεβο|Київ
UA 49.84 24.03 Lviv|Lwów|Lemberg|Lvov|Львів
UA 46.48 30.72 Odesa|Odessa|Οδησσός
UA 49.99 36.23 Kharkiv|Kharkov|Charkiw
UA 48.46 35.05 Dnipro|Dnipropetrovsk
UA 48.62 22.30 Uzhhorod|Ungvár
UA 48.29 25.94 Chernivtsi|Czernowitz
TR 41.01 28.98 Istanbul|İstanbul|Estambul|Constantinople|Κωνσταντινούπολη
TR 39.93 32.86 Ankara|Άγκυρα
TR 38.42 27.14 Izmir|İzmir|Smyrna|Σμύρνη
TR 37.07 37.38 Gaziantep
TR 41.68 26.56 Edirne|Adrianople|Αδριανούπολη
"""

# Words that wrap a place name without being part of it ("Region of", "Provincia di", "län").
_LEADING = frozenset((
    "region", "regions", "regio", "regione", "regiao", "περιφερεια", "περιφερειασ", "province",
    "provincia", "provincie", "provinz", "prov", "county", "comunidad", "comunitat",
    "comunidade", "autonomous", "autonoma", "autonome", "foral", "community", "land",
    "bundesland", "freistaat", "free", "state", "canton", "kanton", "cantone", "voivodeship",
    "wojewodztwo", "the", "city", "ville", "stadt", "citta", "ciudad", "cidade", "grad",
    "principado", "principality", "municipality",
))
_CONNECTORS = frozenset((
    "of", "de", "di", "del", "della", "dei", "degli", "du", "des", "la", "le", "do", "da",
    "dos", "das", "der", "von", "d", "l", "i", "y", "e", "et", "και", "τησ", "του", "των",
))
_TRAILING = frozenset((
    "region", "regio", "regione", "province", "provincia", "county", "lan", "kraj", "fylke",
    "voivodeship", "wojewodztwo", "canton", "kanton", "state", "land", "city", "megye",
    "maakunta", "landskap", "amt", "kommune", "district", "area",
))
_ASCII = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "đ": "d", "ħ": "h", "þ": "th",
                        "ð": "d", "œ": "oe", "ı": "i"})
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_GREEK = re.compile(r"[\u0370-\u03ff]")


def _key(name: str) -> str:
    """Folded words of a name, punctuation and hyphens as spaces ("Baden-Württemberg" -> "baden wurttemberg")."""
    return " ".join(words(name)).translate(_ASCII)


def _greek_stem(word: str) -> str:
    """A Greek word without the ending that differs between nominative and genitive."""
    if not _GREEK.search(word) or len(word) < 4:
        return word
    if word.endswith("ου"):  # Ηπείρου / Ήπειρος, Αιγαίου / Αιγαίο
        return word[:-2] + "ο"
    return word[:-1] if word.endswith("σ") else word  # Αττικής / Αττική


def _core(key: str) -> str:
    """A key without the generic words around the name, Greek endings levelled."""
    ws = key.split()
    while len(ws) > 1 and (ws[0] in _LEADING or ws[0] in _CONNECTORS):
        ws.pop(0)
    while len(ws) > 1 and ws[-1] in _TRAILING:
        ws.pop()
    return " ".join(_greek_stem(w) for w in ws)


Point = tuple[float, float]
# name key -> {country: point}; exact names first, then their cores ("region skane" -> "skane")
_EXACT: dict[str, dict[str, Point]] = {}
_CORE: dict[str, dict[str, Point]] = {}


def _variants(name: str) -> set[str]:
    """The name as written and spelt without umlauts ("Baden-Wuerttemberg")."""
    return {_key(name), _key(name.translate(_UMLAUTS))}


def _load(data: str) -> None:
    """Fill the lookup tables; a name given two places in one country is a data error."""
    stripped: list[tuple[str, str, Point]] = []
    for line in data.strip().splitlines():
        country, lat, lon, names = line.split(" ", 3)
        if country not in COUNTRY_CENTRES:
            raise ValueError(f"gazetteer line for unknown country {country!r}: {line!r}")
        point = (float(lat), float(lon))
        for name in names.split("|"):
            for key in _variants(name):
                if _EXACT.setdefault(key, {}).setdefault(country, point) != point:
                    raise ValueError(f"gazetteer name {name!r} has two places in {country}")
                stripped.append((_core(key), country, point))
    # a name's own core wins; cores of wrapped names fill gaps, and are dropped when they clash
    for key, places in _EXACT.items():
        for country, point in places.items():
            _CORE.setdefault(_core(key), {}).setdefault(country, point)
    clashes: set[tuple[str, str]] = set()
    own = {(_core(k), c) for k, places in _EXACT.items() for c in places if _core(k) == k}
    for core, country, point in stripped:
        if (core, country) in own:
            continue
        if _CORE.setdefault(core, {}).setdefault(country, point) != point:
            clashes.add((core, country))
    for core, country in clashes:
        _CORE[core].pop(country, None)


_load(_DATA)


def _country_code(country: str | None) -> str | None:
    """An ISO code from a code or a name in any supported language; None when unknown."""
    if not country or not country.strip():
        return None
    try:
        return normalise_country(country)
    except FieldError:
        return None


def lookup(name: str | None, country: str | None = None) -> Point | None:
    """The (lat, lon) of a region or city name, narrowed by country; None when unknown or ambiguous."""
    if not name or not name.strip():
        return None
    code = _country_code(country)
    key = _key(name)
    for table, k in ((_EXACT, key), (_CORE, _core(key))):
        places = table.get(k)
        if not places:
            continue
        if code is not None:
            if code in places:
                return places[code]
        elif len(places) == 1:
            return next(iter(places.values()))
    return None


def _coordinate(value: object, bound: float) -> float | None:
    """A finite number within ±bound, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and -bound <= number <= bound else None


def place(region: str | None, country: str | None, city_or_area: str | None = None,
          latitude: object = None, longitude: object = None) -> Placement | None:
    """Where to show a practice: its coordinates, else its city or region, else its country."""
    lat, lon = _coordinate(latitude, 90), _coordinate(longitude, 180)
    if lat is not None and lon is not None:
        return Placement(lat, lon, "exact")
    point = lookup(city_or_area, country) or lookup(region, country)
    if point is not None:
        return Placement(point[0], point[1], "region")
    code = _country_code(country)
    if code in COUNTRY_CENTRES:
        centre = COUNTRY_CENTRES[code]
        return Placement(centre[0], centre[1], "country")
    return None


def names() -> int:
    """How many distinct names the gazetteer knows (for tests and diagnostics)."""
    return len(_EXACT)


def entries() -> list[tuple[str, float, float, list[str]]]:
    """Every place as (country, lat, lon, names), in table order."""
    out = []
    for line in _DATA.strip().splitlines():
        country, lat, lon, names_ = line.split(" ", 3)
        out.append((country, float(lat), float(lon), names_.split("|")))
    return out
