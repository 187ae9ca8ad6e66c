"""Generate the SYNTHETIC labelled triage corpus (corpus.csv) deterministically.

Every row is built from hand-written Dutch fragments (one list per sub category, below),
wrapped in hand-written openers, locations, times and closers, and then roughened the way
residents write (lower case, SMS spelling, dropped words, typos). The output is fully
determined by SEED: running this script twice gives byte-identical files.

Fragment syntax: ``[a|b|c]`` picks one alternative, ``[a|b|]`` may pick nothing.
A leading ``!`` marks the fragment as urgent, ``~`` as not urgent; otherwise the sub
category's default urgency from data_access/reference/categories.json applies.

Held-out split: within each sub category every fragment whose index i satisfies
``i % 5 == 3`` is a *test* fragment. All rows generated from it get split=test, so the
template evaluation in bench/triage_accuracy.py never sees a test fragment during training.
The shipped model is trained on all rows (train and test) - see README.md.

Run:  python -m services.triage.corpus.generate_corpus
"""
from __future__ import annotations

import csv
import json
import random
import re
from pathlib import Path

SEED = 20240611
VARIANTS_PER_FRAGMENT = 16
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
CATEGORIES = REPO / "data_access" / "reference" / "categories.json"
OUT = HERE / "corpus.csv"

# Streets, squares and places in and around Wateringse Veld (plus a few elsewhere in The Hague,
# the model must not depend on them: numbers and names are spread over all categories).
STREETS = [
    "Laan van Wateringse Veld", "Dedemsvaartweg", "Wateringseweg", "Hoge Veld", "Erasmusweg",
    "Leyweg", "Lozerlaan", "Middachtenweg", "Boswijkstraat", "Hengelolaan", "Veenendaalkade",
    "Wateringse Veldweg", "Ambachtsweg", "Kraayensteinweg", "Loevesteinweg", "Ridderkerkstraat",
    "Zuidlarenstraat", "Mozartlaan", "Beresteinlaan", "Loosduinse Hoofdstraat", "Meppelweg",
    "Harstenhoekweg", "Escamplaan", "Tesselsestraat", "Beethovenlaan", "Kijkduinsestraat",
    "Wolweg", "Kerketuinenweg", "Veldzichtlaan", "Vlakbodemstraat",
]
PLACES = [
    "het winkelcentrum Wateringse Veld", "de Albert Heijn", "de Jumbo", "het speelveld",
    "het park", "de basisschool", "de bushalte", "tramhalte", "het buurthuis", "de sporthal",
    "het pleintje", "de flat", "de vijver", "de sloot achter de huizen", "het fietspad langs de Dedemsvaartweg",
    "de parkeergarage", "het trapveldje", "de ingang van de Lidl", "de hondenuitlaatplek", "de kinderboerderij",
]

OPENERS = [
    "", "", "", "", "Hallo,", "Hoi", "Goedemiddag,", "Goedemorgen,", "Goedenavond.", "Beste gemeente,",
    "Beste mensen,", "Dag,", "Melding:", "Ik wil graag melden dat", "Ik wil even melden dat",
    "Graag aandacht voor het volgende:", "Hallo politie,", "Beste wijkagent,", "Ik meld hierbij dat",
    "Hee", "Hoi daar,", "Goeiedag", "Even een melding:", "Sorry dat ik stoor maar", "Vraag/melding:",
]
LOC_TEMPLATES = [
    "op de {street}", "bij {street} {nr}", "in de {street}", "ter hoogte van {street} {nr}",
    "bij {place}", "naast {place}", "vlakbij {place}", "op de hoek van de {street} en de {street2}",
    "tegenover nummer {nr}", "achter {place}", "{street}", "bij ons in de straat", "in onze wijk",
    "hier in Wateringse Veld", "in de buurt van {place}", "voor mijn huis", "voor de deur",
]
TIMES = [
    "", "", "", "al weken", "sinds gisteren", "al een paar dagen", "vandaag", "vanochtend", "vannacht",
    "gisteravond", "al maanden", "elke dag weer", "sinds vorige week", "al sinds het weekend", "net",
    "nu", "al de hele dag", "al een tijdje",
]
CLOSERS = [
    "", "", "", "", "Graag actie.", "Kan iemand hier naar kijken?", "Dit is al de derde keer dat ik het meld!",
    "Alvast bedankt.", "groetjes", "mvg", "Met vriendelijke groet, Petra", "Graag snel oplossen aub.",
    "Het duurt nu al veel te lang.", "Foto volgt.", "Dank u.", "Wordt hier nog wat aan gedaan?",
    "Wie gaat hierover?", "gr Ahmed", "Bvd", "Kunnen jullie langskomen?", "Het is echt niet normaal meer.",
    "Groet, Jan", "thx", "Graag terugkoppeling.", "Ik hoop dat jullie iets kunnen doen.",
]
SMS = {
    "niet": "nie", "een": "n", "het": "t", "echt": "egt", "wat": "wa", "jullie": "jullie", "zijn": "zyn",
    "alstublieft": "aub", "morgen": "mrgn", "vanavond": "vnvnd", "helemaal": "hlml", "goed": "goe",
    "even": "ff", "weet": "weet", "ook": "ok", "maar": "mr", "heel": "hl", "jongens": "gasten",
    "politie": "poli", "misschien": "mss", "iemand": "iemnd", "gewoon": "gwn", "nog": "nog", "kan": "kn",
}
FILLER_WORDS = {"de", "het", "een", "er", "is", "zijn", "wordt", "worden", "al", "weer", "van", "heel"}

# ---------------------------------------------------------------------------------------------
# Hand-written fragments per sub category.
# ---------------------------------------------------------------------------------------------
F: dict[str, list[str]] = {
    # ------------------------------------------------------------------ afval
    "veeg-zwerfvuil": [
        "er ligt [overal|heel veel|weer|zoveel] [zwerfvuil|rommel|troep|afval|vuil|zooi] op [straat|de stoep|het pleintje|het grasveld]",
        "de straat is al [weken|maanden|lang] niet [geveegd|schoongemaakt]",
        "[blikjes|chipszakken|plastic flesjes|sigarettenpeuken|papiertjes] [overal|op de stoep|in de berm|langs het fietspad]",
        "na de markt ligt alles vol met [papier|plastic|rotzooi|kartonnen bakjes]",
        "het is een [vuilnisbelt|zwijnenstal|bende|puinhoop] [hier|op straat|in de steeg]",
        "de veegwagen is [al lang|sinds maanden|nooit] niet [langs geweest|geweest] in onze straat",
        "[glasscherven|kapot glas|glas van een fles] op [het fietspad|de stoep|straat], [lekke banden|gevaarlijk voor honden|]",
        "[bladeren|blad] [liggen|hoopt zich op] [in hopen|overal] op de stoep en niemand veegt",
        "zwerfafval [waait|waait steeds] uit de [bosjes|berm] de tuinen in",
        "[fastfoodverpakkingen|bakjes van de snackbar|mcdonalds zakken] [slingeren|liggen] [overal|rond] [op het plein|op straat]",
        "veel [vuil|troep] langs de [singel|stoep|speelplaats], kan er [geveegd|schoongemaakt] worden",
    ],
    "grofvuil": [
        "iemand heeft [een bank|een oude bank|een matras|een kast|een koelkast|een wasmachine] [op straat|naast de container|bij de stoep] [gezet|gedumpt|neergezet]",
        "grofvuil [staat|ligt] al [dagen|een week|twee weken] [buiten|op de stoep|bij de flat]",
        "er staat [een oud bed|meubels|een tapijt|een bankstel|een matras] bij de [flat|portiek|container]",
        "[ik had een afspraak voor grofvuil|het grof huisvuil] maar het is niet opgehaald",
        "grof afval [naast|bij] de ondergrondse container [gedumpt|achtergelaten]",
        "[oude stoelen|een kapotte tv|een bureau|een tafel|een kinderwagen] [gedumpt|achtergelaten] [op het trottoir|op de hoek|bij de bosjes]",
        "[verhuizers|de buren|iemand] [hebben|heeft] [hun|zijn] [hele inboedel|oude meubels|spullen] op straat gezet",
        "[matrassen|meubels|huisraad] in de [regen|berm] [al dagen|]",
        "hoe laat ik grofvuil [ophalen|weghalen], er staat [een kast|een bank] voor de deur",
    ],
    "huisafval": [
        "[mijn|onze] [kliko|minicontainer|groene bak|grijze container|gft bak] is niet [geleegd|opgehaald]",
        "de vuilniswagen is [vandaag|deze week|gisteren] [niet langs geweest|ons overgeslagen|niet geweest]",
        "[vuilniszakken|zakken met afval] [liggen|staan] [naast|voor] de [deur|portiek] [al dagen|te stinken]",
        "[huisvuil|afval|het vuilnis] wordt niet opgehaald [in onze straat|bij ons|in het hofje]",
        "[vuilniszakken|zakken] [opengescheurd|kapot] en het afval ligt [over straat|overal]",
        "de [afvalophaal|vuilnisophaal] is [weer|al twee keer] vergeten",
        "buren zetten hun [vuilniszakken|huisvuil] [op de verkeerde dag|te vroeg] buiten",
        "[gft|restafval] [niet geleegd|staat vol] [sinds vorige week|al een week]",
        "[vuilnismannen|de vuilnisdienst] [laten|lieten] [de helft|zakken|afval] liggen",
    ],
    "bedrijfsafval": [
        "[de supermarkt|het restaurant|de snackbar|de winkel|de kapper] zet [dozen|karton|bedrijfsafval|afval] [op straat|naast de container]",
        "bedrijfsafval [in|bij] de [ondergrondse container|bewonerscontainer] [gedumpt|gegooid]",
        "[karton|pallets|kratten|piepschuim] van [de winkel|het bedrijf|de bakker|de supermarkt] [liggen|staan] [op de stoep|buiten|in de steeg]",
        "[ondernemers|winkeliers|de horeca|de shoarmazaak] [dumpen|gooien] hun [afval|vuilnis] in [onze|de] [containers|bakken]",
        "[bedrijf|garagebedrijf|aannemer] [laat|zet] [banden|oude onderdelen|afval] [buiten|op straat] staan",
        "[afval van het restaurant|frituurvet|etensresten] [naast de container|in de steeg] van [het winkelcentrum|de horeca]",
        "de [bedrijven|winkels] op het plein [laten|zetten] [hun afval|dozen] [gewoon|] [buiten|op de stoep]",
    ],
    "puin-sloopafval": [
        "er [ligt|is] [bouwpuin|puin|sloopafval|stenen en tegels] [gedumpt|gestort] [in de berm|op het grasveld|langs de weg]",
        "[een hoop|een berg|zakken] [puin|gips|bouwafval|sloopafval] [achtergelaten|neergegooid|gedumpt]",
        "[een aannemer|verbouwers|klussers|de buren] [laten|laat|dumpen] [puin|sloopafval] [op straat|naast de container]",
        "[oude tegels|een kapotte badkamer|een wc-pot|bakstenen|een oude keuken] [gedumpt|op de stoep|in het groen]",
        "[big bags|bouwzakken] met [puin|zand en stenen] [staan al|al weken] [op het trottoir|in de straat]",
        "[gipsplaten|dakpannen|hout en puin] [illegaal|] gestort [bij de sloot|achter de flat|in de bosjes]",
    ],
    "container-is-vol": [
        "de [container|glasbak|papiercontainer|ondergrondse container|textielbak] is [vol|overvol|propvol]",
        "ik kan mijn [vuilniszak|glas|papier|oud papier] niet kwijt, de container [zit vol|is vol]",
        "[afval|zakken|dozen] [staat|staan] naast de [container|glasbak|papierbak] want hij is vol",
        "[container|glasbak] [al dagen|sinds het weekend] niet geleegd en [vol|loopt over]",
        "alle [containers|ondergrondse containers] [bij ons|in het hofje] zitten [vol|propvol]",
        "[papierbak|oud papier container] [zit vol|is vol] met [dozen|karton]",
        "[de glasbak|glascontainer] is [vol|overvol], [glas|flessen] [staat ernaast|op de grond]",
    ],
    "prullenbak-is-vol": [
        "de [prullenbak|afvalbak|vuilnisbak] [in het park|bij de bushalte|op het plein|bij de speeltuin] [zit|is] [vol|overvol]",
        "[prullenbak|afvalbak|vuilnisbak] [puilt uit|stroomt over|zit propvol]",
        "de [prullenbakken|afvalbakken] [langs het fietspad|in het park|bij het water] worden [niet|te weinig] geleegd",
        "[afvalbakje|prullenbakje] [op straat|aan de lantaarnpaal] [vol|overvol], [afval ernaast|alles waait eruit]",
        "de [afvalbak|prullenbak] bij [het bankje|de bushalte|de school] wordt nooit geleegd",
        "[vuilnisbakken|prullenbakken] [vol|overvol] na [het warme weer|het weekend|de feestdagen]",
    ],
    "container-is-kapot": [
        "de [container|ondergrondse container|glasbak|papiercontainer] is [kapot|stuk|defect]",
        "de klep van de container [klemt|gaat niet open|zit vast|is kapot|is eraf]",
        "[de pasjeslezer|de paslezer|het pasjessysteem] [werkt niet|doet het niet] bij de [container|afvalcontainer]",
        "[container|ondergrondse container] [staat scheef|is beschadigd|is verzakt|steekt uit de grond]",
        "de trommel van de [ondergrondse|] container draait niet [meer|]",
        "[de deksel|het luik] van de [container|vuilcontainer] [is kapot|hangt eraf|sluit niet]",
    ],
    "prullenbak-is-kapot": [
        "de [prullenbak|afvalbak|vuilnisbak] is [kapot|stuk|omgetrokken|los]",
        "[prullenbak|afvalbak] [hangt scheef|ligt op de grond|is eraf gereden]",
        "de bodem [ligt eruit|is weg] bij de [prullenbak|afvalbak]",
        "[afvalbak|prullenbak] [losgetrokken|omgereden] en [ligt in de berm|staat scheef]",
        "[het klepje|de ring|de houder] van de [prullenbak|afvalbak] [is kapot|is gebroken]",
        "[prullenbak|vuilnisbakje] [aan de paal|bij de bank] [hangt los|is stuk]",
    ],
    "asbest-accu": [
        "er ligt [asbest|golfplaten met asbest|asbestplaten|een dak met asbest] [gedumpt|in de berm|op straat]",
        "[een accu|accu's|een autoaccu|een oude accu] [gedumpt|ligt|staat] [in het gras|naast de container|op straat]",
        "ik denk dat het asbest is, [die platen|de golfplaten|het plaatmateriaal] [bij de sloot|op het veld]",
        "[chemisch afval|verfblikken|jerrycans met olie|vaten met spul] [gedumpt|achtergelaten]",
        "[lekkende accu|accuzuur|een kapotte accu] [op de stoep|bij de speeltuin]",
        "[asbest|asbesthoudend materiaal] [gebroken|kapot] [op straat|bij de sloop]",
    ],
    "overig-afval": [
        "[mijn afvalpas|de milieupas|mijn pasje voor de container] [werkt niet|is kwijt|is geblokkeerd]",
        "ik wil een [extra container|grotere kliko|nieuwe kliko|gft container] aanvragen",
        "de [afvalkalender|ophaaldag] [klopt niet|is veranderd en niemand weet het]",
        "[gft|plastic] wordt [niet gescheiden|bij het restafval gegooid] door de [vuilnisman|ophaaldienst]",
        "mijn [kliko|minicontainer] is [weg na het legen|niet teruggezet|verdwenen na het legen]",
        "waar kan ik [oud frituurvet|kga|batterijen|oude verf] [inleveren|kwijt]",
        "[afvalscheiding|recyclen] [werkt niet|geen plek] in onze flat",
    ],
    "container-voor-plastic-afval-is-vol": [
        "de [plasticcontainer|pmd container|plastic bak|container voor plastic] is [vol|overvol|propvol]",
        "[plastic|pmd|plastic zakken] [naast|bij] de [plasticbak|pmd container] want [hij zit vol|vol]",
        "[plastic afval|pmd] kan niet meer in de container, [helemaal vol|zit vol]",
        "de [oranje|] [plasticcontainer|pmd bak] wordt [niet|te weinig] geleegd",
        "[zakken met plastic|pmd zakken] [stapelen zich op|liggen] bij de [volle|] plasticcontainer",
    ],
    "container-voor-plastic-afval-is-kapot": [
        "de [plasticcontainer|pmd container|container voor plastic] is [kapot|stuk|defect]",
        "klep van de [plastic|pmd] container [zit vast|is kapot|gaat niet open]",
        "[plasticbak|pmd bak] [beschadigd|staat scheef|gaat niet meer open]",
        "de [inworpopening|trommel] van de [plastic container|pmd container] [klemt|is stuk]",
    ],
    # ------------------------------------------------------------------ wegen, verkeer, straatmeubilair
    "onderhoud-stoep-straat-en-fietspad": [
        "[tegel|stoeptegel|tegels|stoeptegels] [los|omhoog|scheef|kapot|verzakt] [op de stoep|voor mijn huis|]",
        "[gat|kuil|gaten|diepe scheur] in [de weg|het wegdek|het fietspad|de straat|het asfalt]",
        "[boomwortels|wortels] duwen [het fietspad|de stoep|de tegels] omhoog",
        "[klinkers|stenen|straatstenen] [liggen los|zijn verzakt|liggen eruit]",
        "[stoep|trottoir] [verzakt|ligt er slecht bij], [iemand valt nog|struikelgevaar|mijn moeder is gestruikeld]",
        "de [stoeprand|stoepband|rand van het fietspad] is [kapot|afgebrokkeld]",
        "[het fietspad|de weg] ligt vol [hobbels|gaten|scheuren], [levensgevaarlijk met de fiets|je valt er bijna]",
        "[na werkzaamheden|na het graven] [is de stoep niet netjes teruggelegd|ligt de straat nog open]",
        "[een verzakking|een gat] in de [straat|rijbaan], [water blijft staan|auto's rijden erin]",
        "[rolstoel|rollator|kinderwagen] kan niet over de stoep door [losse tegels|kapotte tegels]",
    ],
    "verkeersbord-verkeersafzetting": [
        "[verkeersbord|bord|stopbord|voorrangsbord|het bord] [is omgereden|ligt op de grond|staat scheef|is weg|is verdraaid]",
        "[dranghekken|afzetting|pionnen|hekken|een wegafzetting] [staan nog|liggen] [na de werkzaamheden|al weken|midden op het fietspad]",
        "[verkeersbord|het bord] is [overgroeid door de heg|niet meer te zien|onleesbaar]",
        "[een verkeersbord|borden] [verkeerd om|de verkeerde kant op] gedraaid",
        "de [afzetting|hekken] [rond|bij] [het gat|de werkzaamheden] [zijn omgewaaid|liggen op de weg]",
        "[er ontbreekt|mist] een [bord|verkeersbord] [bij de kruising|eenrichtingsverkeer]",
    ],
    "gladheid": [
        "[het is spekglad|gladheid|ijzel|sneeuw|ijs] op [het fietspad|de stoep|de brug|de weg]",
        "er is niet gestrooid [op het fietspad|bij de brug|op de stoep|in onze straat]",
        "[mensen|fietsers|ouderen] [glijden uit|vallen] [door de ijzel|door gladheid|omdat het glad is]",
        "[olie|een olievlek|diesel] op de weg, [erg glad|heel glad|spekglad]",
        "[strooien|pekel] [graag|aub] [op|bij] [het fietspad|de helling|de brug], het is [glad|spiegelglad]",
        "[bevroren|glad] [fietspad|stoep|wegdek] [bij de school|bij de bushalte], [al iemand gevallen|gevaarlijk]",
    ],
    "omleiding-belijning-verkeer": [
        "[de belijning|de strepen op de weg|het zebrapad|de haaientanden] [is vervaagd|zijn niet meer te zien|is weg]",
        "[de omleiding|de omleidingsborden] [klopt niet|is onduidelijk|stuurt verkeer de wijk in]",
        "[witte strepen|markering|belijning] [na het asfalteren|na de werkzaamheden] niet teruggezet",
        "[fietsstrook|de fietsstrook] [is niet meer zichtbaar|belijning weg]",
        "[omleiding|omleidingsroute] [staat verkeerd aangegeven|loopt dood]",
    ],
    "brug": [
        "[de brug|het bruggetje|de voetgangersbrug|de fietsbrug] [is kapot|heeft losse planken|beweegt|is rot]",
        "de [brug|ophaalbrug|draaibrug|beweegbare brug] [gaat niet meer dicht|blijft open staan|heeft storing]",
        "[planken|leuning|reling] van de brug [los|kapot|rot|weg]",
        "[het bruggetje|de houten brug] [over de sloot|in het park] is [spekglad van de alg|onveilig|verrot]",
        "[scheur|gat] in [de brug|het brugdek]",
    ],
    "straatmeubilair": [
        "[het bankje|het parkbankje|de bank in het park] [is kapot|heeft losse planken|is omgetrokken]",
        "[paaltje|de paal|een afzetpaal|een hekje|de anti-parkeerpaal] [is omgereden|ligt op de grond|staat scheef]",
        "[het hek|het hekwerk|de slagboom] [kapot|los|hangt eruit]",
        "[het bushokje|de abri] heeft [geen dak meer|kapotte bankjes]",
        "[picknicktafel|de picknickbank] [bij de vijver|in het park] is [kapot|verrot]",
        "[bloembak|plantenbak] van de gemeente [kapot|omvergereden]",
        "[een paal|paaltjes] [ontbreken|zijn weg] en nu rijden auto's over de stoep",
    ],
    "fietsrek-nietje": [
        "[het fietsrek|een nietje|het fietsnietje|het fietsenrek|de fietsenstalling] [is kapot|zit los|staat scheef|ligt eruit]",
        "te weinig [fietsrekken|nietjes] [bij het winkelcentrum|bij de tramhalte|bij de school]",
        "[fietsnietjes|de rekken] [verbogen|omgetrokken|uit de grond getrokken]",
        "graag [meer fietsnietjes|extra fietsrekken] [bij de bibliotheek|bij het station]",
        "[mijn fiets|fietsen] [kan|kunnen] niet vast, het [nietje|fietsrek] [is weg|is stuk]",
    ],
    "put-riolering-verstopt": [
        "[de put|putten|de kolk|het riool|de straatkolk] [is verstopt|zit verstopt|loopt over]",
        "[na de regen|bij regen] staat [de straat|de stoep|het kruispunt] [blank|onder water]",
        "[de putdeksel|het deksel van de put|het rooster] [ligt los|is weg|ligt ernaast|klappert]",
        "water loopt niet weg [bij de put|in de straat|op het plein]",
        "[het riool|de riolering] [borrelt|komt omhoog|is verstopt] [in de straat|bij ons]",
        "[kolken|putjes] [vol blad|vol met zand] en [verstopt|loopt niet weg]",
        "[open put|er ontbreekt een putdeksel], [gevaarlijk|iemand kan erin vallen]",
    ],
    "speelplaats": [
        "[het speeltoestel|de schommel|de glijbaan|de wip|het klimrek|de speeltuin] [is kapot|is stuk|heeft scherpe randen|zit los]",
        "[de schommel|het touw van de schommel|de ketting van de schommel] [kapot|gebroken]",
        "[de zandbak|het speelzand] [vies|vol met glas|vol kattenpoep]",
        "[het hek van de speeltuin|het speeltuinhek] [is kapot|gaat niet dicht]",
        "[valtegels|rubber tegels] [los|kapot] onder het klimrek",
        "[de glijbaan|het speelhuisje] [heeft een splinter|heeft een gat|is gevaarlijk voor kinderen]",
        "[kinderen|mijn zoontje] [kan|kunnen] niet spelen want [de speeltuin|het speeltoestel] is [afgezet|kapot]",
    ],
    "sportvoorziening": [
        "[het voetbalveldje|de goal|het doel|de basketbalpaal|het kunstgras|de basketbalring|het pannaveldje|de skatebaan|het fitnesstoestel] [is kapot|is stuk]",
        "[het net van het doel|het basketbalnet|het net] [kapot|weg]",
        "[het kunstgras|het sportveldje|het trapveld] [ligt los|heeft gaten]",
        "[de sportkooi|het cruyff court|het panna veld] [hek kapot|deur kapot|verlichting kapot]",
        "[het hardlooppad|de atletiekbaan|de calisthenics stang] [beschadigd|kapot]",
    ],
    "straatverlichting-openbare-klok": [
        "[de lantaarnpaal|de straatlamp|de lantaren|de lichtmast|de straatverlichting|de lamp] [is kapot|doet het niet|brandt niet|knippert|is uit|brandt overdag]",
        "het is [aardedonker|hartstikke donker|stikdonker] [in de straat|op het fietspad|in het park] want de [lampen|verlichting] [doen het niet|is uit]",
        "[de lantaarnpaal|de paal|de lichtmast] [staat scheef|is aangereden|hangt]",
        "[kabels|draden] hangen uit de [lantaarnpaal|straatlamp]",
        "[alle|drie|meerdere] [lantaarnpalen|straatlampen] [uit|kapot] [in de straat|langs het fietspad]",
        "[lamp|straatlamp] [gaat aan en uit|flikkert] de hele nacht",
        "[het luikje|het deurtje] van de [lantaarnpaal|lichtmast] [is open|is weg]",
        "[onverlicht|geen verlichting] [op het fietspad|in de tunnel], onveilig in het donker",
    ],
    "klok": [
        "de [klok|openbare klok|klok op het plein|stationsklok] [staat stil|loopt achter|geeft de verkeerde tijd aan|is kapot]",
        "[de klok|klok] [bij het winkelcentrum|op de toren] [loopt een uur achter|is niet verzet naar zomertijd]",
        "[klok|de straatklok] [verlichting|wijzer] [kapot|weg]",
    ],
    "verkeerslicht": [
        "[het verkeerslicht|het stoplicht|de verkeerslichten|het voetgangerslicht|de stoplichten] [doet het niet|is kapot|staat op rood|springt niet op groen|staan allemaal uit|knippert oranje]",
        "[de drukknop|de knop] [bij het stoplicht|voor voetgangers|voor fietsers] [werkt niet|reageert niet]",
        "[stoplichten|verkeerslichten] [uitgevallen|storing] op [het kruispunt|de kruising]",
        "[het stoplicht|verkeerslicht] [blijft op rood|staat heel lang op rood] voor [fietsers|voetgangers]",
        "[lamp|rode lamp|groene lamp] van het [stoplicht|verkeerslicht] is [kapot|uit]",
    ],
    "overig-wegen-verkeer-straatmeubilair": [
        "[de parkeerautomaat|de parkeermeter] [werkt niet|is kapot|slikt geld]",
        "[de laadpaal|het laadpunt|de elektrische laadpaal] [kapot|doet het niet]",
        "[het straatnaambord|het bord met de straatnaam] [weg|onleesbaar|scheef]",
        "[de wegwerkzaamheden|werkzaamheden] [duren al maanden|liggen stil|niemand aan het werk]",
        "[een zebrapad|een drempel|een oversteekplaats] [aanvragen|graag] bij de school",
        "[het lichtje|de lampjes] [in het wegdek|bij de zebra] [doet het niet|kapot]",
    ],
    "verkeersoverlast-verkeerssituaties": [
        "[onoverzichtelijke|gevaarlijke] [kruising|situatie|oversteek] [door|bij] [de heg|geparkeerde auto's|de bosjes]",
        "[auto's|er wordt] [rijden|gereden] [veel te hard|te snel] in [onze straat|de 30 km zone|de woonwijk], [graag drempels|drempel nodig|graag maatregelen]",
        "[vrachtwagens|bussen|vrachtverkeer] [rijden|rijdt] door [de woonstraat|onze straat] [terwijl dat niet mag|]",
        "[sluipverkeer|te veel verkeer|file] [door de wijk|in de straat] [elke ochtend|in de spits]",
        "de [oversteekplaats|zebra] bij [de school|het speelveld] is [gevaarlijk|onveilig] voor kinderen",
        "[er gebeuren|bijna] [steeds|vaak] [ongelukken|ongelukjes] op dit kruispunt, [dit moet anders|herinrichting nodig]",
        "[fietsers|brommers] rijden [tegen het verkeer in|de verkeerde kant op] omdat [de route|de situatie] onduidelijk is",
    ],
    # ------------------------------------------------------------------ overlast in de openbare ruimte
    "lozing-dumping-bodemverontreiniging": [
        "[olie|verf|chemicaliën|cementwater|een rare vloeistof] [geloosd|gedumpt] [in de sloot|in het riool|in de put]",
        "[iemand|een bedrijf|de buurman] [loost|dumpt] [olie|afvalwater|verf] [in het water|in de put|in de grond]",
        "[de grond|het water|de sloot] [is|ziet er] [vreemd gekleurd|zwart|olieachtig] [uit|]",
        "[een oliefilm|een regenboogvlek|olie] op het water [van de sloot|van de vijver]",
        "[bodemvervuiling|grond vervuild] [door lekkende vaten|bij de oude garage]",
        "[iemand|ze] [wassen|spoelen] [verfkwasten|betonmolen|vrachtwagen] uit [in de sloot|boven de put]",
    ],
    "parkeeroverlast": [
        "[auto's|busjes|een auto|een busje] [staan|staat] [op de stoep|dubbel geparkeerd|op het fietspad|voor mijn uitrit|op de invalidenplek|in de bocht|op het gras]",
        "[ik kan mijn|we kunnen onze] [uitrit|oprit|garage] niet uit door een [geparkeerde auto|foutparkeerder]",
        "[foutparkeerders|fout geparkeerde auto's] [elke dag|bij de school|bij de moskee]",
        "[een camper|een aanhanger|een bedrijfsbus|een vrachtwagen] [staat al weken|staat] geparkeerd in de straat",
        "[ouders|mensen] parkeren [bij de school|bij het sportpark] [op de stoep|overal], [niemand kan erlangs|gevaarlijk]",
        "[auto|busje] [staat|parkeert] [steeds|dagelijks] op de [gehandicaptenparkeerplaats|laadplek|stoep]",
        "[parkeeroverlast|parkeerproblemen] [door bezoekers|door de sporthal|in de avond]",
    ],
    "fietswrak": [
        "[een fietswrak|een verroeste fiets|een fiets zonder wielen|een oude fiets|een weesfiets] [staat al|al maanden|vast] aan [het hek|het fietsrek|de lantaarnpaal]",
        "[fietswrakken|wrakken van fietsen] [in het rek|bij de stalling|bij de tramhalte]",
        "[een fiets|fiets] [zonder zadel|met lekke banden] [staat al maanden|staat al een jaar] [in het rek|tegen de paal]",
        "[graag|kunnen jullie] [de oude fietsen|de fietswrakken] [weghalen|verwijderen|labelen]",
    ],
    "stank-geluidsoverlast": [
        "[een machine|een aggregaat|een pomp|een generator] [maakt|staat] [herrie|lawaai] [op straat|buiten] [de hele nacht|dag en nacht]",
        "[het stinkt|stank|een rare lucht] [op straat|in de wijk|bij het park]",
        "[piepend|brommend|zoemend] geluid [buiten|uit de straat|uit een kast op straat]",
        "[bladblazers|de veegmachine|de gemeente] [veel te vroeg|om 6 uur] [herrie|lawaai]",
        "[een alarm|een autoalarm] [gaat steeds af|loeit al uren] [op straat|in de straat]",
        "[rioollucht|stank uit het riool|het riool stinkt] [in de straat|bij de put]",
    ],
    "bouw-sloopoverlast": [
        "[bouwlawaai|heien|geluidsoverlast van de bouw|sloopwerkzaamheden] [al om 6 uur|in het weekend|op zondag|'s avonds laat]",
        "[stof|zand|bouwstof] van de [bouwplaats|sloop] [waait|komt] [in onze tuin|overal|in huis]",
        "[het bouwhek|het bouwterrein|de bouwplaats] [staat open|is niet afgezet|ligt vol rommel]",
        "[trillingen|scheuren in huis] door [het heien|de bouw|de sloop]",
        "[bouwverkeer|vrachtwagens van de bouw|de bouwkraan] [blokkeren|blokkeert|staan op] de [straat|stoep]",
        "[de aannemer|bouwvakkers] [beginnen|werken] [voor 7 uur|op zaterdag|tot 10 uur 's avonds]",
        "[modder|zand] van de [bouwplaats|bouw] op de [weg|straat] [niet schoongemaakt|glad]",
    ],
    "auto-scooter-bromfietswrak": [
        "[een autowrak|een auto zonder kentekenplaten|een uitgebrande auto|een scooterwrak|een kapotte scooter|een brommer] [staat al|al weken|al maanden] [in de straat|op de parkeerplaats|in de berm]",
        "[een auto|een scooter|een bromfiets] [met lekke banden|zonder wielen|zonder kenteken] [verlaten|achtergelaten]",
        "[verlaten auto|weesauto] [vol met spullen|met kapotte ramen] [staat|staat al] [maanden|weken] stil",
        "[een snorfiets|een scooter|brommer] [ligt|staat] [al weken|kapot] [tegen het hek|in de bosjes]",
        "[een oude caravan|een aanhanger zonder kenteken] [verlaten|achtergelaten] [op de parkeerplaats|in de straat]",
    ],
    "graffiti-wildplak": [
        "[graffiti|bekladding|tags|kladderingen|leuzen] op [de muur|het transformatorhuisje|de brug|de school|het bushokje|de geluidswal]",
        "[posters|stickers|flyers|affiches] [wild geplakt|overal geplakt] op [lantaarnpalen|elektriciteitskasten|de muur]",
        "[racistische|kwetsende|nazi] [teksten|graffiti|tekens] op [de muur|de speeltuin|de garagedeuren]",
        "[iemand heeft|ze hebben] [de tunnel|het viaduct|onze gevel] [beklad|volgespoten|onder gespoten]",
        "[graffiti|tags] [verwijderen|weghalen] [graag|aub] [op|bij] [de brug|het fietstunneltje]",
    ],
    "hondenpoep": [
        "[hondenpoep|poep van honden|hondendrollen|hondenstront] [overal|op de stoep|in het grasveld|op het speelveld|voor mijn deur]",
        "[baasjes|hondenbezitters|mensen] [ruimen de poep niet op|laten de poep liggen]",
        "[loslopende honden|honden zonder riem|een hond loslopend] [in het park|op het speelveld|bij de kinderen]",
        "[de hondenuitlaatplek|het uitlaatveld|de hondenwei] [is vies|ligt vol poep]",
        "[poepzakjes|hondenpoepzakjes] [in de bosjes|in de heg] gegooid",
        "[hond|honden] [poept|poepen] [elke dag|steeds] [in onze voortuin|op de stoep] en de eigenaar doet niets",
    ],
    "hinderlijk-geplaatst-object": [
        "[een container|een bouwcontainer|een steiger|een aanhanger|een reclamebord|een zeecontainer|een boot op een trailer] [staat|blokkeert] [op de stoep|in de weg|op het fietspad] [al weken|zonder vergunning]",
        "[bloembakken|fietsen|terrasmeubels|reclameborden] [blokkeren|staan op] [de stoep|het trottoir]",
        "[een schuur|een hek|een schutting] [op gemeentegrond|op het gras|op het trottoir] geplaatst",
        "[een verhuislift|een steiger] staat al [weken|een maand] [op de stoep|in de straat] zonder dat er gewerkt wordt",
        "[winkel|de groenteboer] zet [kratten|borden|stellingen] op de stoep, [rolstoel kan niet langs|je kunt er niet langs]",
    ],
    "deelfiets": [
        "[deelfietsen|deelscooters|een deelscooter|een felyx|een deelfiets|een donkey republic fiets|een check scooter] [ligt|staat|liggen] [midden op de stoep|in de weg|in het water|omgevallen|in de bosjes|al dagen]",
        "[deelscooters|deelfietsen] [worden|zijn] [overal|kriskras] neergezet [op de stoep|voor de deur]",
        "[een felyx|deelscooter|een go sharing scooter] [staat al een week|blokkeert] [de oprit|het fietspad]",
    ],
    "overig-openbare-ruimte": [
        "[iemand|de buurman] [heeft|gebruikt] [het grasveld|gemeentegrond|het plantsoen] [bij zijn tuin getrokken|als eigen tuin|ingepikt]",
        "[een markt|een evenement|een braderie] [zonder vergunning|houdt zich niet aan de tijden]",
        "[een laadkabel|de kabel van een elektrische auto|een verlengsnoer] [ligt|hangt] over de stoep",
        "[een ballenvanger|een hek|een camera] [geplaatst door|van] [bewoners|de buurman] [zonder toestemming|op openbare grond]",
        "[spullen|tuinspullen|een trampoline] van bewoners [op het grasveld|in het openbaar groen] [al maanden|]",
    ],
    "wegsleep": [
        "mijn auto is [weggesleept|weg gesleept|weggehaald], [waar kan ik hem ophalen|wat nu|wie heeft dat gedaan]",
        "[wegslepen|laten wegslepen] van [een auto|de auto] [die mijn uitrit blokkeert|die op de invalidenplek staat]",
        "is [mijn auto|mijn busje|mijn scooter] [weggesleept|door de gemeente meegenomen]",
        "[de takelwagen|een sleepwagen] heeft [mijn auto|onze auto] [meegenomen|weggesleept] [ten onrechte|terwijl ik een vergunning heb]",
        "[graag|kan] de [geparkeerde auto|auto] voor mijn garage [weggesleept worden|laten wegslepen]",
    ],
    # ------------------------------------------------------------------ openbaar groen en water
    "boom": [
        "[een boom|de boom|een tak|een grote tak|takken] [is omgewaaid|is afgebroken|hangt half los|dreigt om te vallen|ligt op de weg|ligt op het fietspad]",
        "[de boom|de kastanje|de wilg|de populier|de eik] [is dood|is ziek|rot|heeft paddenstoelen aan de stam]",
        "[eikenprocessierups|processierupsen|rupsen met brandharen] in de [boom|eik|bomen]",
        "[een boom|de boom] [staat scheef|helt over] [na de storm|sinds de storm] [richting de huizen|naar de weg]",
        "[boom|bomen] [graag weghalen|kappen] want [hij is dood|ze zijn ziek]",
        "[een nieuwe boom|jonge boompjes] [zijn|is] [dood|omgereden|nooit water gekregen]",
        "[stormschade|na de storm] [ligt een boom|liggen takken] [over de weg|op auto's]",
    ],
    "maaien-snoeien": [
        "[het gras|het gras in het park|de berm] [is|wordt] [niet gemaaid|veel te hoog|al maanden niet gemaaid]",
        "[de heg|de struiken|de bosjes|de haag] [moeten|moet] [gesnoeid worden|worden gesnoeid], [zicht belemmerd|je kunt er niet langs]",
        "[takken|struiken] [hangen|groeien] over [het fietspad|de stoep]",
        "[de berm|het plantsoen] [is verwilderd|is overwoekerd|groeit dicht]",
        "[de bomen|takken van de bomen] [raken|hangen tegen] [de gevel|de ramen|het dak], graag snoeien",
        "[struiken|de beplanting] op de hoek [zo hoog|zo hoog gegroeid] dat je [geen verkeer ziet|niks ziet]",
    ],
    "onkruid": [
        "[onkruid|gras en onkruid|distels|brandnetels] [tussen de tegels|op de stoep|in het plantsoen|groeit overal]",
        "[onkruid|het groen] [wordt niet|is al lang niet] [weggehaald|bestreden]",
        "[het plantsoen|de boomspiegel|de perken] [staat vol|overwoekerd met] onkruid",
        "[het onkruid|de distels] [staat|staan] [kniehoog|een meter hoog] [op het pleintje|langs de stoep]",
        "[japanse duizendknoop|reuzenberenklauw] [groeit|gesignaleerd] [langs de sloot|in de berm]",
    ],
    "drijfvuil": [
        "[drijfvuil|afval|plastic|flessen|een winkelwagen|rommel] [in de sloot|in het water|in de vijver|in de gracht|drijft in de singel]",
        "[de vijver|het water|de sloot] [ligt vol|is vies|zit vol] [met|van] [afval|plastic|brood]",
        "[een fiets|een winkelkarretje|een scooter] ligt in [de sloot|het water]",
        "[flessen|blikjes|plastic zakken] drijven [in het water|in de vaart] [bij de brug|langs de kant]",
    ],
    "oever-kade-steiger": [
        "[de oever|de beschoeiing|de kade|de steiger|de vlonder] [is kapot|kalft af|zakt weg|is verrot|is ingestort]",
        "[de beschoeiing|de schoeiing] langs de sloot [los|kapot|rot]",
        "[planken van de steiger|steigerplanken|vlonderplanken] [los|rot|kapot]",
        "[de walkant|de oever] [brokkelt af|spoelt weg] [bij de vijver|langs de vaart]",
        "[het trapje|de trap] van de [steiger|kade] [is kapot|ontbreekt]",
    ],
    "overig-groen-en-water": [
        "[het water|de sloot|de vijver] [staat droog|stinkt|is groen van de algen|heeft blauwalg|ligt vol kroos]",
        "[een plantsoen|een geveltuin|nieuwe bomen] [aanvragen|graag in onze straat]",
        "[de fontein|het fonteintje] [doet het niet|staat uit]",
        "[de waterstand|het water] [is te hoog|is te laag] in de [sloot|vijver]",
        "[bloembakken|de bloemen] van de gemeente [verdrogen|krijgen geen water]",
        "[het park|het groen] wordt [slecht|niet] onderhouden",
    ],
    # ------------------------------------------------------------------ dieren
    "ratten": [
        "[ratten|een rat|muizen|ratten en muizen] [in de tuin|bij de containers|in de straat|bij het voederplek|in de schuur|lopen rond|zelfs overdag]",
        "[een rattenplaag|een muizenplaag|heel veel ratten] [in de wijk|bij de flat|in het park]",
        "[rattenholen|gaten van ratten] in de [tuin|berm|dijk]",
        "mensen voeren [de eendjes|de duiven|brood] en nu [zijn er ratten|komen de ratten]",
        "[ratten|een rat] [in huis|in de kelder|in de bergingen] van de flat",
        "[ik zie|we zien] [elke avond|steeds] [ratten|een rat] [bij de ondergrondse container|bij de vijver]",
    ],
    "ganzen": [
        "[ganzen|grauwe ganzen|nijlganzen] [poepen alles onder|laten overal poep achter|lopen op het fietspad|zijn agressief]",
        "[veel|honderden|een grote groep] ganzen [in het park|op het grasveld|bij de vijver]",
        "[de ganzen|een gans] [vallen kinderen aan|blazen naar mensen|zitten op de weg]",
        "[ganzenpoep|poep van ganzen] [op het speelveld|op het grasveld|overal]",
    ],
    "duiven": [
        "[duiven|veel duiven|een duivenplaag] [op het balkon|onder de brug|poepen alles onder|nestelen onder de dakgoot]",
        "[de buurman|iemand] voert [de duiven|duiven] [elke dag|met brood]",
        "[duivenpoep|poep van duiven] [op de stoep|op de auto's|onder het viaduct]",
        "[duiven|een duivenkolonie] [zitten|broeden] [in de galerij|op de flat|in de parkeergarage]",
    ],
    "meeuwen": [
        "[meeuwen|zeemeeuwen] [scheuren de vuilniszakken open|krijsen de hele nacht|duiken naar mensen|nestelen op het dak|pikken eten af]",
        "[een meeuw|meeuwen] [valt|vallen] [mensen|kinderen] aan [bij het nest|op het plein]",
        "[meeuwenoverlast|overlast van meeuwen] [in de wijk|op de daken]",
    ],
    "wespen": [
        "[een wespennest|wespen|een nest wespen|hoornaars|een bijennest] [onder het dak|in de boom|in de speeltuin|bij de school|in de grond]",
        "[heel veel|veel] [wespen|bijen] [bij|rond] [de prullenbak|de speeltuin|het bankje]",
        "[een aziatische hoornaar|hoornaars] [nest|gezien] [in de boom|in de heg]",
    ],
    "dode-dieren": [
        "[een dode|dood] [kat|hond|vos|egel|eend|zwaan|meeuw|rat|vogel|kip|konijn] [ligt op de weg|in de berm|in het water|op straat|in de sloot]",
        "[dode vissen|vissen drijven dood] in de [sloot|vijver]",
        "[een aangereden|een doodgereden] [kat|vos|ree|egel] [ligt|op de weg]",
        "[kadaver|dood dier] [ligt al dagen|stinkt] [in het gras|bij de vijver]",
        "[dode eenden|dode vogels] [in de vijver|bij het water], misschien [botulisme|vogelgriep]",
    ],
    "overig-dieren": [
        "[een vos|vossen|een egel|een gewonde vogel|een zwaan|een loslopende kip|een reiger|konijnen] [in de tuin|loopt rond|gewond|zit vast]",
        "[zwerfkatten|verwilderde katten|veel katten] [in de straat|poepen in de tuin|vechten elke nacht]",
        "[een verwaarloosde|een mishandelde|een zielige] [hond|kat|konijn] [op het balkon|in de tuin|zonder water]",
        "[muggen|vliegen|kakkerlakken] [plaag|overal] [bij de flat|in het trappenhuis]",
        "[een vos|een hond|een kat] [loopt al dagen|zwerft] [door de wijk|rond de school] [zonder baasje|]",
        "[muskusratten|bevers|konijnen] [graven|graven gangen] [in de oever|in het talud]",
        "[een dier|een vogel|een eend] [in nood|vast in een hek|met een vishaak]",
    ],
    # ------------------------------------------------------------------ personen en groepen
    "vuurwerkoverlast": [
        "[al weken|elke avond|elke dag] [knallen|vuurwerk|harde knallen] in de wijk",
        "[vuurwerkoverlast|vuurwerk overlast] [rond oud en nieuw|in december|al sinds november]",
        "[illegaal vuurwerk|knalvuurwerk|cobra's] [wordt verkocht|ligt opgeslagen] [in een garage|in een schuur|vanuit een auto]",
        "[de hele nacht|om 3 uur 's nachts] [vuurwerk|knallen], [de hond is in paniek|de kinderen kunnen niet slapen]",
        "[het vuurwerk|de knallen] [houdt|houden] maar niet op [in onze buurt|bij ons]",
    ],
    "overlast-door-afsteken-vuurwerk": [
        "[jongens|kinderen|iemand] [steken|gooien] [vuurwerk|rotjes|strijkers|cobra's] [af|] [bij de flat|naar auto's|naar mensen|op het speelveld]",
        "[ze|jongeren] [gooien|gooit] [vuurwerk|rotjes] [in de brievenbus|naar de bus|naar voorbijgangers]",
        "[iemand steekt|er wordt] [vuurwerk|siervuurwerk] [af|afgestoken] [onder de ramen|naast de school|in het portiek]",
        "[knalvuurwerk|vuurwerkbommen] [afgestoken|afgestoken op straat] [bij ons|in de straat]",
    ],
    "overige-overlast-door-personen": [
        "[de buren|de buurman|bewoners|mensen] [schreeuwen|maken ruzie|maken herrie|houden een feest] [op straat|op het balkon|in de tuin] [elke nacht|tot 3 uur]",
        "[iemand|een man|de bovenburen] [barbecuet|gooit afval|gooit peuken] [op het balkon|uit het raam]",
        "[overlast|herrie|lawaai] van [de buren|de bovenburen|de benedenburen|de huurders]",
        "[mensen|een man|een stel] [slapen|wonen|slaapt] in [een auto|een busje|een camper] in de straat",
        "[de buurvrouw|de buren] [roken|blowen] [op de galerij|in het trappenhuis] en het stinkt",
        "[de buurman|iemand] [scheldt|kijkt] [ons|de kinderen] [steeds uit|steeds na] [op straat|bij de deur]",
        "[huurders|arbeidsmigranten|kamerbewoners] in [het huis|nummer 14] veroorzaken [veel overlast|herrie en rommel]",
    ],
    "personen-op-het-water": [
        "[mensen|jongeren|kinderen] [zwemmen|springen] [in de vijver|in de sloot|vanaf de brug|in de vaart] [waar het niet mag|terwijl het verboden is]",
        "[suppers|kanoërs|mensen op een opblaasboot] [op de vijver|in het natuurgebied|bij de eendjes]",
        "[mensen|jongeren] [schaatsen|lopen] op [het ijs|dun ijs] [van de vijver|op de sloot]",
        "[mensen|jongeren] [vissen|hengelen] [waar het niet mag|bij de speelplaats] en laten [lijn|haken] achter",
        "[jongeren|kinderen] [springen|duiken] van de [brug|steiger] [in het water|in de vaart]",
    ],
    "overlast-van-taxis-bussen-en-fietstaxis": [
        "[taxi's|taxichauffeurs|touringcars|bussen|fietstaxi's] [staan|wachten] [met draaiende motor|in de straat|voor de deur|op de stoep]",
        "[taxi's|uber taxi's|taxichauffeurs] [toeteren|staan dubbel|blokkeren de weg] [bij het winkelcentrum|'s nachts]",
        "[een touringcar|bussen] [parkeren|staan] [stationair te draaien|in de woonwijk]",
        "[taxichauffeurs|chauffeurs] [plassen|hangen rond] bij de [taxistandplaats|bushalte]",
    ],
    "jongerenoverlast": [
        "[jongeren|hangjongeren|een groep jongeren|jongens|pubers] [hangen rond|maken herrie|zitten in de portiek|draaien harde muziek|laten rommel achter] [bij het winkelcentrum|op het speelveld|bij de bankjes]",
        "[jeugd|hangjeugd|jongeren] [overlast|geven overlast] [bij het speelveld|op het schoolplein 's avonds|bij het buurthuis]",
        "[een groep|tien|een stuk of vijf] [jongeren|tieners] [zit|zitten] [elke avond|tot laat] [op het bankje|bij de tramhalte|in de speeltuin] te schreeuwen",
        "[jongeren|jongens] [voetballen|spelen] [tegen de gevel|tegen de garagedeuren] [tot laat|de hele avond]",
        "[jongeren|hangjongeren] [zitten|hangen] in [de auto|auto's] met [harde muziek|draaiende motor] op de parkeerplaats",
    ],
    "daklozen-bedelen": [
        "[een dakloze|daklozen|een zwerver|iemand] [slaapt|slapen|ligt te slapen] [in het portiek|in de fietsenstalling|op de bank|onder de brug]",
        "[iemand|een man|mensen] [bedelt|bedelen] [bij de supermarkt|bij de pinautomaat|aan de deur]",
        "[een zwerver|een dakloze] [heeft|woont] [een tent|een kamp] [in de bosjes|in het park]",
        "[bedelaars|een bedelaar] [vallen|valt] [klanten|mensen] lastig [bij de ingang|bij de jumbo]",
        "[daklozen|zwervers] [in de parkeergarage|in het trappenhuis] [slapen daar|laten rommel achter]",
    ],
    "wildplassen-poepen-overgeven": [
        "[mensen|iemand|mannen|uitgaanspubliek] [plassen|pist|poepen|kotsen] [tegen de muur|in het portiek|in de bosjes|tegen mijn deur]",
        "[wildplassers|wildplassen|urine] [in de steeg|tegen de gevel|achter de schuur]",
        "[overgeven|kots|braaksel] [op de stoep|voor de deur|in het portiek]",
        "[iemand heeft|er is] [gepoept|in het portiek gepoept] [bij de ingang|in het trappenhuis]",
        "het stinkt naar [pis|urine] [in de tunnel|in het portiek] want [mensen plassen daar|er wordt wildgeplast]",
    ],
    "drank-en-drugsoverlast": [
        "[mensen|jongeren|een groep] [drinken|zuipen|blowen|gebruiken lachgas] [op het bankje|in het park|op straat] [en maken herrie|en laten troep achter]",
        "[lachgaspatronen|lachgasflessen|ballonnen van lachgas|blikjes bier|lege drankflessen] [overal|op straat|in het park]",
        "[dronken|zatte] [mensen|mannen] [op straat|bij het plein|voor de supermarkt] [lallen|schreeuwen]",
        "[blowende|rokende] [jongeren|mensen] [in het portiek|bij de ingang], [alles stinkt naar wiet|wietlucht]",
        "[drankgebruik|alcohol] op straat [bij het winkelcentrum|in het park] [elke dag|al weken]",
        "[spuiten|naalden] [gevonden|liggen] [in de bosjes|in de speeltuin]",
    ],
    # ------------------------------------------------------------------ bedrijven en horeca
    "geluidsoverlast-muziek": [
        "[harde muziek|muziek|de bas|gedreun] [uit|van|bij] [het café|de kroeg|het restaurant|de shishalounge|het feestzaaltje|de sportschool] [tot laat|na sluitingstijd|tot 3 uur]",
        "[het café|de kroeg|de horeca|het zaaltje] [draait|maakt] [harde muziek|veel lawaai] [met open deuren|'s nachts]",
        "[livemuziek|een dj|een bandje] bij [het café|de zaak|het restaurant] [veel te hard|tot middernacht]",
        "[de bas|de dreun] van [de club|de partyzaal|het café] [voel je in huis|dreunt door]",
        "[bruiloften|feesten] in [de feestzaal|het partycentrum] [met harde muziek|tot diep in de nacht]",
    ],
    "geluidsoverlast-installaties": [
        "[de airco|de koelinstallatie|een afzuiger|de ventilator|de warmtepomp|de koelmotor|de compressor] [van|bij|op] [de supermarkt|het restaurant|het bedrijf|het dak] [bromt|zoemt|maakt herrie]",
        "[brommend|zoemend] geluid van [een installatie|de koeling|de luchtbehandeling] [dag en nacht|de hele nacht]",
        "[de koelwagen|een koelvrachtwagen] [staat|draait] [de hele nacht|met de koeling aan] voor de [supermarkt|deur]",
        "[de ventilatie|de afzuiging] van [de bakker|het bedrijf|de sporthal] [maakt lawaai|piept]",
    ],
    "overlast-terrassen": [
        "[het terras|het terras van het café] [is te groot|staat op de stoep|is te laat open|blokkeert de stoep]",
        "[gasten op het terras|mensen op het terras] [schreeuwen|maken herrie] [tot laat|na middernacht]",
        "[terrasstoelen|tafels van het terras] [staan op|blokkeren] [de stoep|het fietspad]",
        "[het terras|het restaurant] houdt zich niet aan [de sluitingstijd|de terrasvergunning]",
    ],
    "stank-horecabedrijven": [
        "[stank|een vette lucht|frituurlucht|etenslucht|rooklucht] [van|uit] [de snackbar|het restaurant|de shoarmazaak|de bakkerij|de afzuiging van de kebabzaak]",
        "[de afzuiging|de schoorsteen] van [het restaurant|de snackbar|de pizzeria] [stinkt|blaast] [in onze tuin|naar ons huis]",
        "[shisha|waterpijp] [lucht|rook] van de [shishalounge|lounge] [komt in huis|stinkt]",
        "[de houtoven|de grill] van [het restaurant|de zaak] [rookt|stinkt] [ons huis in|de hele dag]",
    ],
    "stankoverlast": [
        "[stank|stankoverlast|een chemische lucht|een verflucht|een rare lucht] van [het bedrijf|de fabriek|de bedrijfshal|het bedrijventerrein|de mestopslag|de composthoop]",
        "[het bedrijf|de fabriek|de garage] [stoot|laat] [stank|dampen] uit",
        "[een smerige|een zure] lucht [hangt|komt] [over de wijk|uit de richting van het bedrijventerrein]",
        "[stank|lucht] van [de vergisting|de rioolwaterzuivering|het gemaal]",
    ],
    "overlast-door-bezoekers-niet-op-terras": [
        "[bezoekers|gasten|klanten] van [de kroeg|het café|de shishabar|de snackbar|de club] [maken herrie|schreeuwen|staan buiten te roken] [op straat|bij het vertrek|als ze weggaan]",
        "[klanten|bezoekers] [parkeren|staan] [op de stoep|met draaiende motor] bij [de afhaalzaak|de snackbar]",
        "[bij sluitingstijd|na sluiting] [komen|staan] [bezoekers|klanten] van [het café|de club] [te schreeuwen|te lallen] op straat",
        "[de klanten|bezoekers] van [de shishalounge|het café] [hangen rond|zitten in auto's] [voor de deur|in de straat]",
    ],
    "overig-horecabedrijven": [
        "[de winkel|het bedrijf|de kapper|de nagelstudio|het restaurant] [is open|werkt] [zonder vergunning|op zondag|tot laat]",
        "[laden en lossen|de bevoorrading|vrachtwagens die laden] [om 5 uur|'s nachts] bij [de supermarkt|de winkel]",
        "[een illegaal bedrijf|een bedrijf aan huis|een garagebedrijf] [in een woning|in de garage|in de schuur]",
        "[de snackbar|de horecazaak] [verkoopt alcohol|verkoopt drank] aan [minderjarigen|kinderen]",
        "[een airbnb|vakantieverhuur] [in de flat|naast ons] [geeft overlast|met steeds nieuwe gasten]",
    ],
    # ------------------------------------------------------------------ overlast op het water
    "overlast-op-het-water-snel-varen": [
        "[boten|een speedboot|sloepen|een motorboot|een jetski] [varen|vaart|scheuren] [veel te hard|te snel|met hoge snelheid] [door de sloot|over de vaart|in de singel]",
        "[de golfslag|de golven] van [snelle boten|een speedboot] [beschadigt|slaan over] de [oever|steiger]",
        "[motorboten|bootjes] [racen|scheuren] [over het water|door de vaart] [elke zondag|in het weekend]",
    ],
    "overlast-op-het-water-vaargedrag": [
        "[een boot|een sloep|een schipper|bootjes] [vaart|varen] [onder invloed|dronken|gevaarlijk|zonder licht|tegen de kant]",
        "[de schipper|bootjes] [houdt|houden] zich niet aan [de regels|de voorrang] [op het water|in de vaart]",
        "[een boot|een sloep] vaart [tegen andere boten|tegen de steiger] aan [en rijdt door|]",
        "[rondvaartboot|partyboot] [vaart|varen] [roekeloos|gevaarlijk] langs de [kanoërs|zwemmers]",
    ],
    "overlast-op-het-water-geluid": [
        "[harde muziek|een feest|lawaai|herrie] [op|vanaf] [een boot|een sloep|een partyboot|het water]",
        "[een partyboot|een sloep met een boombox] [vaart|ligt] [met harde muziek|met gillende mensen] [langs de huizen|in de vaart]",
        "[geluidsoverlast|herrie] van [bootjes|boten] [tot laat|'s avonds] [op de vaart|bij de steiger]",
    ],
    "overlast-op-het-water-gezonken-boot": [
        "[een boot|een sloep|een bootje|een rubberboot] [is gezonken|is half gezonken|ligt onder water|zinkt|ligt half onder water] [in de sloot|in de vaart|bij de steiger]",
        "[een gezonken boot|een wrak] [in de vaart|in de singel] [lekt olie|blokkeert de doorvaart]",
        "[mijn boot|de boot van de buren] [maakt water|loopt vol] en [zinkt|gaat zinken]",
    ],
    "scheepvaart-nautisch-toezicht": [
        "[een boot|een woonboot|een sloep|een bootje] [ligt|ligt afgemeerd] [zonder vergunning|op een verboden plek|al maanden|zonder ligplaatsvergunning]",
        "[een boot|een schip] [blokkeert|ligt midden in] [de vaarweg|de doorvaart]",
        "[de havenmeester|nautisch toezicht] [graag laten kijken|moet langskomen] bij [de aanlegsteiger|de ligplaats]",
        "[boten|bootjes] [liggen dubbel|liggen] [aan de kade|voor de brug] [afgemeerd|waar het niet mag]",
    ],
    "overlast-vanaf-het-water": [
        "[mensen|bootjes] [vanaf het water|vanaf een boot] [gooien afval|plassen|kijken in tuinen|meren aan in mijn tuin]",
        "[vanaf een boot|vanaf de sloep] [wordt|werd] [afval|blikjes] [in onze tuin|op de kant] gegooid",
        "[bootjes|mensen in een boot] [leggen aan|klimmen] [in de achtertuinen|op de steigers van bewoners]",
    ],
    "overig-boten": [
        "[een boot|een roeiboot|een kano|een wrak van een boot|een verlaten boot] [drijft los|is losgeslagen|ligt te verrotten] [in de vaart|in het water|in de sloot]",
        "[een botenwrak|een verwaarloosde boot|een bootje zonder eigenaar] [ligt al jaren|ligt] [aan de kant|in de sloot]",
        "[een boot|sloep] [zonder naam|zonder nummer] [ligt|drijft] [al weken|] [bij ons achter|bij de steiger]",
    ],
    # ------------------------------------------------------------------ overig
    "overig-overig": [
        "[ik heb een vraag|vraag] over [mijn melding|de parkeervergunning|mijn belastingaanslag|de afvalstoffenheffing]",
        "[wanneer|hoe] kan ik [een vergunning|een ontheffing|een parkeervergunning] aanvragen",
        "ik wil [een compliment geven|bedankt zeggen] [voor de snelle afhandeling|aan de wijkagent|aan de medewerkers]",
        "[wie|welke instantie] gaat over [de brievenbus|de bushalte|de wifi in de bibliotheek|het zwembad]",
        "[de app|de website|het meldformulier] [werkt niet|geeft een foutmelding]",
        "[wat is de status|hoe staat het] met mijn [vorige melding|klacht|melding van vorige week]",
        "[ik wil|kan ik] [een buurtfeest|een straatfeest|een buurtbarbecue] [organiseren|aanmelden]",
        "[ik zoek|waar vind ik] [informatie|het telefoonnummer] over [de wijk|de gemeente|het stadsdeelkantoor]",
        "[test|testmelding|test test|dit is een test|probeersel|proberen of het werkt]",
        "[hallo|hoi|hee|goedemiddag|dag|hallo?|hoi hoi|goedenavond]",
        "[ik wil iets melden|ik heb een melding|ik wil een klacht indienen|kan iemand mij bellen|bel me even terug|zie foto|zie bijlage|zie de foto's|hoe werkt dit|is hier iemand]",
        "{gib}",
        "{gib} {gib}",
    ],
    # ------------------------------------------------------------------ veiligheid (politie)
    "geweld-bedreiging": [
        "![er wordt|ze zijn] [gevochten|aan het vechten] [op straat|voor de deur|bij de snackbar]",
        "![een man|iemand|mijn buurman] [slaat|schopt|mishandelt] [een vrouw|zijn vrouw|een kind|iemand]",
        "!iemand [bedreigt|bedreigde] [mij|ons|de buren] met [een mes|een pistool|een vuurwapen|een honkbalknuppel]",
        "![ik hoorde schoten|er werd geschoten|er wordt geschoten|schoten gehoord]",
        "![een vechtpartij|een steekpartij|een schietpartij] [op het plein|bij de flat|voor de kroeg]",
        "![huiselijk geweld|de buren slaan elkaar|gegil en geklap bij de buren]",
        "~ik word [al weken|steeds] [bedreigd|lastiggevallen] [door mijn ex|via whatsapp|door de buurman]",
        "![een groep|mannen] [slaan|schoppen] iemand in elkaar [op straat|bij de tramhalte]",
        "![iemand|een man] [loopt|zwaait] met een [mes|vuurwapen|machete] [op straat|in de winkel]",
        "~[mijn buurman|de buurvrouw] [dreigt|heeft gedreigd] [mijn hond|ons] iets aan te doen",
    ],
    "inbraak": [
        "!er wordt [nu|op dit moment|] ingebroken [bij de buren|in een auto|in het huis ernaast]",
        "![inbrekers|iemand|twee mannen] [zijn|is] [binnen|in de tuin|op het dak] bij [de buren|nummer 12]",
        "~er is [ingebroken|bij ons ingebroken] [vannacht|toen we op vakantie waren|afgelopen weekend]",
        "~[mijn schuur|de berging|mijn auto|de kelderbox] is opengebroken",
        "![iemand|twee mannen] [probeert|proberen] [een deur|het raam|de achterdeur] open te breken",
        "![ik hoor|we horen] [glasgerinkel|gestommel] bij de buren en [ze zijn op vakantie|er is niemand thuis]",
        "~[inbraken|veel inbraken] in de wijk, [graag meer surveillance|kunnen jullie vaker rijden]",
        "~[de inbrekers|ze] hebben [sieraden|de laptop|geld] meegenomen [vannacht|gisteren]",
    ],
    "persoon-in-nood": [
        "![iemand|een man|een vrouw|een oudere man|een kind] [ligt|is] [bewusteloos|roerloos|niet aanspreekbaar] [op straat|in het park|op de stoep]",
        "![iemand|een kind|een man] [is in het water gevallen|verdrinkt|ligt in het water|is door het ijs gezakt]",
        "![iemand|een vrouw|een jongen] [staat op de brug|staat op het dak] en [dreigt te springen|wil springen]",
        "![mijn buurvrouw|de oude buurman] [ligt op de grond|is gevallen] en [kan niet opstaan|reageert niet]",
        "![een kind|een peuter] [loopt alleen|zwerft alleen] [langs het water|op straat|bij de weg]",
        "![iemand|een man] [bloedt heel erg|is zwaargewond|heeft een hartaanval]",
        "![een oudere vrouw|een man] [is onwel geworden|is in elkaar gezakt] [in de winkel|bij de bushalte]",
        "![een kind|een hond en een baby] [in een hete auto|opgesloten in de auto] [in de zon|op de parkeerplaats]",
        "!iemand wil [zich iets aandoen|een eind aan zijn leven maken]",
        "![een aanrijding|een ongeluk|een auto-ongeluk] [op de kruising|net gebeurd], [er zijn gewonden|iemand ligt op de weg|een fietser is geschept]",
    ],
    "brand": [
        "![brand|vuur|rook|vlammen] [in|bij|uit] [een woning|de flat|een container|een auto|een schuur]",
        "![ik ruik|er is] [brandlucht|rook] [in het trappenhuis|in de flat|in de galerij]",
        "!er [staat|brandt] een [auto|scooter|container|prullenbak] in [brand|de fik]",
        "!de [container|afvalbak|ondergrondse container] [staat in de fik|brandt]",
        "![gaslucht|ik ruik gas|een gaslek] [in de straat|in het portiek]",
        "![een bermbrand|een brandje|een buitenbrand] [in het park|in de berm|bij het speelveld]",
        "![het huis|de schuur|het dak] van [de buren|nummer 8] [staat in brand|brandt]",
        "![zwarte rook|veel rook] komt uit [het raam|het dak|de schoorsteen] van [de buren|een woning]",
    ],
    "diefstal": [
        "~mijn [fiets|scooter|tas|telefoon|portemonnee|pakketje] is [gestolen|gejat|weg]",
        "~iemand heeft [mijn pakketje|pakketjes] [van de stoep|voor de deur] [gestolen|meegenomen]",
        "~[een zakkenroller|zakkenrollers|een winkeldief] [in de tram|in de supermarkt|bij de markt]",
        "!iemand [steelt|probeert] [nu|op dit moment] [een fiets|een scooter|een auto] [te stelen|]",
        "~[de katalysator|de nummerborden|de kentekenplaten] van mijn auto [gestolen|zijn weg]",
        "~[mijn auto|onze bus] is [opengebroken en|] [leeggeroofd|de navigatie is gestolen]",
        "~[planten|tuinmeubels|de bloembakken] uit [mijn voortuin|onze tuin] [gestolen|meegenomen]",
        "~[fietsendieven|fietsendiefstal] [bij het station|bij de tramhalte] [elke week|al weken]",
    ],
    "verdachte-situatie": [
        "[een verdachte|een vreemde] [man|auto|busje] [loopt|rijdt|staat] [al een uur|steeds] [rond|langs de huizen]",
        "[iemand|een man] [kijkt|loert] [in auto's|door ramen|in tuinen]",
        "[vreemde|verdachte] [personen|figuren] [proberen deuren|voelen aan deurklinken|lopen achterom]",
        "[er staat|een] [auto met draaiende motor|busje zonder kenteken] [al uren|de hele dag] [in de straat|voor de school]",
        "[een verdacht pakketje|een achtergelaten tas|een koffer] [bij de bushalte|op het plein|bij de school]",
        "[een man|mannen] [maakt|maken] [foto's van huizen|aantekeningen bij de deuren] [in de straat|bij ons]",
        "[een onbekende|een vreemde man] [spreekt kinderen aan|volgt kinderen] [bij de school|in het park]",
        "[mensen|jongens] [lopen|gingen] met [zaklampen|een koevoet] [langs de schuurtjes|achter de huizen]",
    ],
    "drugsoverlast": [
        "[er wordt|ze] [gedeald|dealen|drugs verkocht] [op de hoek|in het portiek|op de parkeerplaats]",
        "[drugsdealers|dealers|drugshandel] [in de straat|bij de school|in het park]",
        "[auto's|scooters] [rijden af en aan|komen steeds kort] [bij het huis|bij nummer 20|bij de garageboxen]",
        "[een wietplantage|een hennepkwekerij|een wietkwekerij] [in het huis|bij de buren|in de garage]",
        "[ik ruik|er hangt] [een sterke wietlucht|een hennep lucht] [uit de woning|bij de buren] en de ramen zijn afgeplakt",
        "[drugsbolletjes|zakjes|drugs] [overgedragen|gedeald] [vanuit een auto|bij de tramhalte]",
        "[een drugspand|een dealpand] [in onze straat|op nummer 3], [veel aanloop|steeds andere mensen]",
    ],
    "verward-gedrag": [
        "[een man|een vrouw|iemand] [loopt|staat] [te schreeuwen|verward rond|tegen zichzelf te praten|op straat te gillen]",
        "[een verward persoon|een verwarde man|een verwarde vrouw] [op straat|in de winkel|bij de bushalte]",
        "[mijn buurman|de buurvrouw] [is in de war|gedraagt zich raar|praat tegen de muur|is psychotisch]",
        "[een man|iemand] [in zijn ondergoed|halfnaakt] [op straat|in de kou] [en lijkt verward|die niet weet waar hij is]",
        "[een oudere man|een dementerende vrouw] [dwaalt|loopt] [verward|de weg kwijt] [door de wijk|rond]",
        "[een vrouw|iemand] [bonkt|belt] [op alle deuren|bij iedereen aan] en [roept rare dingen|is heel onrustig]",
    ],
    "jeugdoverlast": [
        "[jongeren|een groep jongens|jongeren op scooters] [intimideren|bedreigen|schelden uit|provoceren] [voorbijgangers|bewoners|ouderen|mensen]",
        "[jongeren|jongens] [gooien met stenen|gooien eieren|trappen tegen deuren|gooien naar ramen]",
        "[jongeren op scooters|jongens op brommers] [scheuren|rijden rondjes] [over het plein|over de stoep] en [intimideren mensen|schelden mensen uit]",
        "[een groep jongeren|tieners] [valt|vallen] [kinderen|mensen] lastig [bij de winkels|op het schoolplein]",
        "[jongeren|jongens] [bellen aan en rennen weg|treiteren de buurt|pesten de buren] [elke avond|steeds]",
        "[de jongeren|die groep] [wordt|worden] [agressief|brutaal] als je er iets van zegt",
    ],
    "verkeer": [
        "[een auto|een scooter|een automobilist|scooterrijders|motoren] [rijdt|rijden|scheurt|scheuren] [elke avond|nu|net] [als een gek|met 100 km per uur|door rood] [door de wijk|over de stoep|over het fietspad]",
        "![een dronken bestuurder|iemand rijdt onder invloed|een slingerende auto] [op de weg|richting de snelweg]",
        "![een dronken automobilist|een spookrijder|een auto zonder licht] [rijdt|reed net] [over de laan|door de wijk|richting de snelweg]",
        "[straatraces|racen|snelheidsduivels] [op de weg|in de wijk] [elke nacht|in het weekend]",
        "[een doorrijder|een automobilist] heeft [mijn auto|een fietser] geraakt en is doorgereden",
        "[scooters|bezorgers|fatbikes] [rijden|scheuren] [over de stoep|over het voetpad] [veel te hard|tussen de kinderen]",
        "[een auto|een busje] [rijdt|reed] [over het fietspad|tegen het verkeer in|door rood] [bij de school|bij de kruising]",
    ],
    "vandalisme": [
        "[vernielingen|vandalen|vandalisme] [aan|bij] [het bushokje|de bankjes|de speeltuin|de auto's]",
        "[jongeren|iemand] [vernielt|vernielen|trapt|trappen] [het bushokje|de speeltoestellen|auto's|lantaarnpalen] [kapot|in]",
        "[de ruiten|de ramen] [zijn ingegooid|ingetrapt] bij [de school|het buurthuis|de buren]",
        "[mijn auto|auto's in de straat] [bekrast|banden lekgestoken|spiegels eraf getrapt]",
        "[iemand|ze] [heeft|hebben] [mijn brievenbus|de deur|de tuin] [vernield|kapotgemaakt] [vannacht|gisteren]",
        "[ruitjes|ramen] van [de auto's|de portiek] [kapot geslagen|ingeslagen] [vannacht|afgelopen nacht]",
    ],
}


# ---------------------------------------------------------------------------------------------
def expand(fragment: str, rng: random.Random) -> str:
    def pick(match: re.Match) -> str:
        return rng.choice(match.group(1).split("|"))

    text = re.sub(r"\[([^\[\]]*)\]", pick, fragment)
    while "{gib}" in text:
        text = text.replace("{gib}", gibberish(rng), 1)
    return re.sub(r"\s+", " ", text).strip(" ,")


def gibberish(rng: random.Random) -> str:
    """A keyboard mash or nonsense word: residents' accidental messages belong to 'overig'."""
    letters = "asdfghjklqwertyuiopzxcvbnm"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(rng.randint(1, 4))]
    return " ".join(words)


def location(rng: random.Random) -> str:
    tpl = rng.choice(LOC_TEMPLATES)
    s1, s2 = rng.sample(STREETS, 2)
    return tpl.format(street=s1, street2=s2, nr=rng.randint(1, 240), place=rng.choice(PLACES))


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.3:
        return word[:i] + word[i + 1:]  # dropped letter
    if kind < 0.6:
        return word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]  # swapped letters
    if kind < 0.8:
        return word[:i] + word[i] + word[i:]  # doubled letter
    near = {"a": "s", "e": "r", "i": "o", "o": "p", "n": "m", "t": "r", "s": "d", "r": "t", "l": "k", "d": "f"}
    return word[:i] + near.get(word[i], word[i]) + word[i + 1:]


def roughen(text: str, rng: random.Random) -> str:
    words = text.split()
    if rng.random() < 0.25:  # telegram style: drop articles and auxiliaries
        kept = [w for w in words if w.lower() not in FILLER_WORDS or rng.random() < 0.3]
        words = kept or words
    if rng.random() < 0.2:  # sms spelling
        words = [SMS.get(w.lower(), w) if rng.random() < 0.7 else w for w in words]
    if rng.random() < 0.45:  # typos
        for _ in range(rng.randint(1, 3)):
            j = rng.randrange(len(words))
            words[j] = typo(words[j], rng)
    text = " ".join(words)
    r = rng.random()
    if r < 0.45:
        text = text.lower()
    elif r < 0.48:
        text = text.upper()
    if rng.random() < 0.3:
        text = re.sub(r"[.,!?:]", "", text)
    if rng.random() < 0.1:
        text = text.rstrip(".") + rng.choice(["!!", "!!!", "??", " :(", " 😡", " ..."])
    return text


def sentence(core: str) -> str:
    return core[:1].upper() + core[1:]


def build(core: str, rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.18:
        return core  # bare fragment, short
    loc = location(rng)
    when = rng.choice(TIMES)
    if shape < 0.4:
        body = f"{core} {loc}"
    elif shape < 0.55:
        body = f"{sentence(loc)}: {core}"
    elif shape < 0.65:
        body = f"{loc} - {core}"
    elif shape < 0.8:
        body = f"{core} {when} {loc}".replace("  ", " ")
    else:
        body = f"{core}, {loc}. Is {rng.choice(TIMES[3:])} zo."
    opener = rng.choice(OPENERS)
    closer = rng.choice(CLOSERS)
    if opener.endswith("dat") or opener.endswith("maar"):
        text = f"{opener} {body}"
    elif opener:
        text = f"{opener} {sentence(body)}"
    else:
        text = sentence(body)
    if closer:
        text = f"{text.rstrip('.')}. {closer}"
    return text


def main() -> None:
    cats = json.loads(CATEGORIES.read_text(encoding="utf-8"))
    subs = {s["slug"]: s for s in cats["sub_categories"]}
    missing = set(subs) - set(F)
    unknown = set(F) - set(subs)
    if missing or unknown:
        raise SystemExit(f"fragments missing for {sorted(missing)}; unknown slugs {sorted(unknown)}")
    rng = random.Random(SEED)
    rows = []
    seen: set[str] = set()
    for slug in sorted(F):
        for i, raw in enumerate(F[slug]):
            urgent = subs[slug]["urgent"]
            fragment = raw
            if raw.startswith("!"):
                urgent, fragment = True, raw[1:]
            elif raw.startswith("~"):
                urgent, fragment = False, raw[1:]
            split = "test" if i % 5 == 3 else "train"
            made = 0
            attempts = 0
            while made < VARIANTS_PER_FRAGMENT and attempts < VARIANTS_PER_FRAGMENT * 5:
                attempts += 1
                text = roughen(build(expand(fragment, rng), rng), rng)
                key = text.lower()
                if key in seen:
                    continue
                seen.add(key)
                rows.append((text, slug, int(urgent), f"{slug}/{i:02d}", split))
                made += 1
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# SYNTHETIC corpus - generated by services/triage/corpus/generate_corpus.py "
                 f"(seed {SEED}); not real resident reports. See README.md.\n")
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["text", "sub_slug", "urgent", "fragment", "split"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
