"""The demo's Dutch texts: the Dutch (nl) translations of the pages, taxonomy and announcement in demo/content.py.

Only words are here. The facts (credits, dates, deadlines, links, taxonomy links) are those of the English data,
shared by both languages; the Dutch degree names the seeds give (the qualifying degrees of seed 001) stay as they
are. Written for the demo from the seeds' English text, keeping to its facts.
"""

from dataclasses import dataclass, field

from .content import (
    ACCESSIBILITY_EMAIL,
    PRIVACY_EMAIL,
    Block,
    bullets,
    heading,
    paragraph,
    paragraphs,
)

LANGUAGE = "nl"


@dataclass(frozen=True)
class PageText:
    """A page's Dutch words: plain and rich text fields, StreamFields, and text child rows (strengths, intake notes)."""

    fields: dict
    streams: dict[str, list[Block]] = field(default_factory=dict)
    strengths: list[str] = field(default_factory=list)
    intake_notes: list[str] = field(default_factory=list)


# --- Taxonomy: {English slug or name: Dutch values}; a snippet without a Dutch entry is shown as it is --------------

SUBJECT_AREAS = {
    "public-policy": "Publiek beleid",
    "social-security": "Sociale zekerheid",
    "biomedical-sciences": "Biomedische wetenschappen",
}
DEGREE_TYPES = {
    "msc": {"name": "Master of Science", "abbreviation": "MSc"},
    "advanced-master": {"name": "Master-na-master", "abbreviation": "Manama"},
}
PARTNER_INSTITUTIONS = {
    "KU Leuven": {"name": "KU Leuven", "city": "Leuven", "country": "België"},
    "Tallinn University of Technology (TalTech)": {
        "name": "Technische Universiteit Tallinn (TalTech)",
        "city": "Tallinn",
        "country": "Estland",
    },
    "University of Münster": {"name": "Universiteit van Münster", "city": "Münster", "country": "Duitsland"},
}

ANNOUNCEMENT = {"text": "KU Leuven organiseert op 1 december een online opendag", "link_text": "Schrijf je in"}


# --- Pages, by the English page's slug ---------------------------------------------------------------------------

HOME = PageText(
    fields={
        "title": "Vind je masteropleiding aan de KU Leuven",
        "summary": "Vind en vergelijk de masteropleidingen van de KU Leuven en schrijf je in voor infodagen.",
        "intro": paragraphs(
            "Vind een master of master-na-master aan de KU Leuven, vergelijk de feiten die voor jou tellen en maak "
            "kennis met de universiteit op een van haar infodagen."
        ),
    }
)

INDEX_PAGES = {
    "programmes": PageText(
        fields={
            "title": "Opleidingen",
            "summary": "Alle opleidingen op het portaal, te filteren op vakgebied, diploma, studievorm en taal.",
            "intro": paragraphs("Filter de opleidingen op vakgebied, diploma, studievorm of onderwijstaal."),
        }
    ),
    "events": PageText(
        fields={
            "title": "Activiteiten",
            "summary": "Opendagen en infosessies, op de campus en online.",
            "intro": paragraphs(
                "Maak kennis met onze faculteiten op een opendag of infosessie, op de campus of online."
            ),
        }
    ),
    "schools": PageText(
        fields={
            "title": "Faculteiten",
            "summary": "De faculteiten en scholen waarvan de opleidingen op dit portaal staan.",
            "intro": paragraphs("De faculteiten en scholen waarvan je de opleidingen op dit portaal vindt."),
        }
    ),
}

STANDARD_PAGES = {
    "about": PageText(
        fields={
            "title": "Over dit portaal",
            "summary": "Wat dit portaal is, waar de feiten vandaan komen en hoe je ze nakijkt.",
        },
        streams={
            "body": [
                paragraph(
                    "Dit portaal brengt de masteropleidingen van de KU Leuven samen, zodat je ze kunt vinden en "
                    "vergelijken en je kunt inschrijven voor opendagen en infosessies.",
                    "Elke opleidingspagina geeft de belangrijkste feiten in dezelfde volgorde: het diploma, de "
                    "studiepunten en de duur, hoe en waar de opleiding gegeven wordt, wanneer ze start, de "
                    "toelatingsvoorwaarden en de deadlines. Elke pagina toont wanneer haar feiten het laatst zijn "
                    "nagekeken; kijk ze na op de website van de universiteit voor je je aanmeldt.",
                ),
                heading("Wie het beheert"),
                paragraph(
                    "De faculteiten bewerken hun eigen opleidings- en activiteitenpagina’s. Het portaalteam zorgt "
                    "voor de rest van de site."
                ),
            ]
        },
    ),
    "accessibility": PageText(
        fields={
            "title": "Toegankelijkheidsverklaring",
            "summary": "Hoe toegankelijk dit portaal is, en hoe je een probleem meldt.",
        },
        streams={
            "body": [
                heading("Onze inzet"),
                paragraph(
                    "We willen dat iedereen dit portaal kan gebruiken. We streven ernaar op elke pagina te voldoen "
                    "aan de Web Content Accessibility Guidelines (WCAG) 2.2, niveau AA."
                ),
                heading("Wat je mag verwachten"),
                (
                    "paragraph",
                    bullets(
                        "Je kunt alles bereiken en gebruiken met alleen een toetsenbord.",
                        "Pagina’s werken met schermlezers en hebben koppen, landmarks en een skiplink.",
                        "Je kunt tekst tot 200% vergroten en pagina’s passen zich aan een smal scherm aan zonder "
                        "inhoud te verliezen.",
                        "Tekst en bedieningselementen halen de WCAG-minima voor contrast.",
                        "Inhoud hangt nooit alleen af van kleur, geluid of beweging.",
                    ),
                ),
                heading("Hoe we testen"),
                paragraph(
                    "We controleren elk paginatype bij elke wijziging met geautomatiseerde toegankelijkheidstests "
                    "(axe-core), en met de hand met een toetsenbord en een schermlezer."
                ),
                heading("Een probleem melden"),
                (
                    "paragraph",
                    "<p>Is iets op dit portaal moeilijk of onmogelijk te gebruiken? Laat het ons weten. Mail naar "
                    f'<a href="mailto:{ACCESSIBILITY_EMAIL}">{ACCESSIBILITY_EMAIL}</a> met het adres van de pagina '
                    "en wat er misliep. We antwoorden binnen vijf werkdagen en kunnen je de informatie intussen in "
                    "een andere vorm bezorgen.</p>",
                ),
            ]
        },
    ),
    "privacy": PageText(
        fields={"title": "Privacy", "summary": "Wat dit portaal over bezoekers bijhoudt, en waarom."},
        streams={
            "body": [
                paragraph(
                    "Je kunt dit portaal gebruiken zonder account. We gebruiken geen advertentie- of trackingcookies "
                    "en we verkopen of delen geen gegevens over bezoekers."
                ),
                heading("Wat we bijhouden"),
                paragraph(
                    "Onze webservers bewaren gewone toegangslogs (tijdstip, pagina, browser en IP-adres) tot 30 dagen, "
                    "om de site veilig en in de lucht te houden. Medewerkers die zich aanmelden om het portaal te "
                    "bewerken, krijgen een sessiecookie."
                ),
                heading("Inschrijven voor activiteiten"),
                paragraph(
                    "Schrijf je je op dit portaal in voor een activiteit, dan bewaren we je naam, je e-mailadres, de "
                    "opleidingen die je interesseren en hoe je van ons hoorde, om de activiteit te organiseren en je "
                    "de bevestiging, een herinnering en elke wijziging van je plaats op de wachtlijst te mailen. "
                    "Medewerkers van de faculteit die de activiteit organiseert, zien die gegevens. Je kunt altijd "
                    "annuleren via de link in je e-mail; dan wissen we je gegevens meteen. Anders wissen we je naam "
                    "en e-mailadres 30 dagen na de activiteit en blijven alleen anonieme aantallen over."
                ),
                paragraph(
                    "Inschrijvingslinks van activiteiten kunnen naar een andere website leiden, met een eigen "
                    "privacyverklaring."
                ),
                heading("Vragen"),
                (
                    "paragraph",
                    "<p>Schrijf naar "
                    f'<a href="mailto:{PRIVACY_EMAIL}">{PRIVACY_EMAIL}</a> met elke vraag over je gegevens.</p>',
                ),
            ]
        },
    ),
}

SCHOOL = PageText(
    fields={
        "title": "KU Leuven",
        "summary": "De KU Leuven is een instelling voor onderzoek en onderwijs met internationale uitstraling.",
        "about": paragraphs(
            "De KU Leuven is een instelling voor onderzoek en onderwijs met internationale uitstraling. Alle "
            "opleidingen aan deze universiteit steunen op het vernieuwende onderzoek van haar wetenschappers en "
            "professoren en behoren tot de wereldwijde top 100."
        ),
        "address": "Oude Markt 13\n3000 Leuven\nBelgië",
    }
)

PROGRAMMES = {
    # Seed 000.
    "master-of-european-social-security": PageText(
        fields={
            "title": "Master in de Europese sociale zekerheid",
            "summary": (
                "Een master-na-master van één jaar (60 studiepunten) over de socialezekerheidsstelsels van Europa en "
                "de rol van de Europese Unie. Gemengd onderwijs: geconcentreerde lesweken in Leuven, de rest online, "
                "met een stage in een socialezekerheidsinstelling."
            ),
            "location": "Leuven, België (en online)",
        },
        streams={
            "description": [
                paragraph(
                    "In de master-na-master Europese sociale zekerheid van de KU Leuven leer je de vele "
                    "benaderingen van sociale zekerheid kennen die naast elkaar bestaan op het Europese continent. "
                    "Tegelijk begrijp je je eigen nationale stelsel beter binnen dat ruimere Europese beeld. De "
                    "opleiding bestudeert ook grondig de rol van internationale organisaties zoals de Europese Unie.",
                    "Als student word je deel van een internationaal netwerk van experts in sociale zekerheid. De "
                    "studenten komen uit heel Europa en daarbuiten, met verschillende academische achtergronden. De "
                    "docenten zijn gerenommeerde professoren van de KU Leuven en andere Europese universiteiten.",
                ),
                heading("Opbouw en stage"),
                paragraph(
                    "De opleiding telt 60 studiepunten: ze start met een zomerschool in augustus en eindigt in juli "
                    "van het volgende academiejaar.",
                    "Je academische vaardigheden groeien tijdens een stage in een socialezekerheidsinstelling of "
                    "-organisatie. Via onze partners kies je een stageplaats die past bij je ervaring en je "
                    "vakgebied, gericht op de praktijk of op onderzoek.",
                ),
                heading("Onderwijsvorm"),
                paragraph(
                    "De lessen en workshops op de campus in Leuven (België) zijn samengebracht in een beperkt aantal "
                    "weken. De rest van het werk doe je via een digitaal leerplatform, waar Europese topdocenten je "
                    "op afstand door hun cursusmateriaal begeleiden."
                ),
            ]
        },
        strengths=[
            "De unieke onderwijsvorm geeft je het beste van twee werelden: een echte universitaire ervaring aan een "
            "van Europa’s vooraanstaande universiteiten en de vrijheid om het grootste deel van de opleiding van "
            "thuis uit te volgen.",
            "Je maakt deel uit van een uniek internationaal netwerk van universiteiten en staat in contact met "
            "docenten en medestudenten uit heel Europa.",
            "De multidisciplinaire en multinationale aanpak verruimt je blik en leert je problemen vanuit een nieuwe "
            "hoek te bekijken: een waardevolle vaardigheid doorheen je hele loopbaan.",
        ],
        intake_notes=["Start met een zomerschool in augustus en eindigt in juli van het volgende academiejaar"],
    ),
    # Seed 001. The qualifying degrees keep the seed's own names (Dutch and English), so they are not repeated here.
    "erasmus-mundus-msc-public-sector-innovation-and-egovernance": PageText(
        fields={
            "title": "Erasmus Mundus Master of Science in publieke sectorinnovatie en e-governance",
            "summary": (
                "Een Erasmus Mundus-master van twee jaar (120 studiepunten), samen georganiseerd door de KU Leuven, "
                "TalTech en de Universiteit van Münster, die bestuurskunde en publiek management combineert met "
                "informatiesystemen en e-governance."
            ),
            "location": "Leuven, België; Tallinn, Estland; Münster, Duitsland",
            "admission_requirements": paragraphs(
                "Studenten met een diploma van een instelling van de Vlaamse Gemeenschap: na toelatingsprocedure.",
                "Academische voorwaarden: de vermelde diploma’s, of gelijkaardige diploma’s, behaald in de Vlaamse "
                "Gemeenschap.",
                "Kandidaten met een diploma uit een andere discipline kunnen in aanmerking komen als ze "
                "beroepservaring in het vakgebied aantonen.",
            ),
            "qualifying_degrees_intro": (
                "Op basis van de volgende diploma’s, of gelijkaardige diploma’s, behaald aan een instelling van de "
                "Vlaamse Gemeenschap:"
            ),
            "language_requirements": paragraphs(
                "De opleiding wordt in het Engels gegeven: je toont je kennis van het Engels aan met een erkende "
                "taaltest. Wie zijn diploma secundair onderwijs of zijn academisch diploma in het Engels behaalde in "
                "Australië, Engelstalig Canada, Ierland, Nieuw-Zeeland, het Verenigd Koninkrijk of de Verenigde "
                "Staten, kan vrijgesteld worden. Behaalde je je diploma in een ander land, dan leg je een van de "
                "aanvaarde tests voor, ook als je studies in het Engels waren of het Engels er een bestuurstaal is."
            ),
            "scholarships": paragraphs(
                "Als Erasmus Mundus Joint Master kan deze opleiding beurzen van de Europese Unie toekennen aan de "
                "best gerangschikte kandidaten. Een beurs dekt de deelnamekosten, reis- en installatiekosten en een "
                "maandelijkse toelage voor de hele opleiding van twee jaar.",
                "Je vraagt de beurs aan in dezelfde aanvraag als voor de opleiding, voor de aanvraagdeadline: een "
                "apart formulier is niet nodig. Het consortium van de drie universiteiten rangschikt alle kandidaten "
                "op hun studieresultaten en motivatie.",
                "Krijg je geen Erasmus Mundus-beurs, dan kun je nog altijd toegelaten worden op eigen kosten. Vraag "
                "de opleiding naar andere beurzen, zoals die van de KU Leuven of van je eigen land, en kijk op de "
                "website van de opleiding voor de bedragen en voorwaarden van dit jaar.",
            ),
        },
        streams={
            "description": [
                paragraph(
                    "Deze unieke, interuniversitaire en interdisciplinaire opleiding speelt in op de groeiende nood "
                    "aan professionals in e-governance en digitalisering in de publieke sector. Je wordt een "
                    "specialist die kennis van bestuurskunde en publiek management combineert met expertise in "
                    "informatiesystemen en e-governance.",
                    "De publieke sector heeft interdisciplinaire expertise nodig om ten volle gebruik te maken van "
                    "ICT en technologische innovatie: experts die (1) technologische kennis kunnen vertalen naar "
                    "efficiëntie, effectiviteit, prestaties en de noden van gebruikers, en (2) rekening houden met de "
                    "organisatorische, culturele, sociale en structurele eigenheden van de publieke sector wanneer "
                    "nieuwe technologie wordt ingevoerd.",
                    "Je krijgt onderzoeksgebaseerd onderwijs in een internationale studentengroep, met veel aandacht "
                    "voor casestudies: hoe nieuwe problemen in bestuur en beleid opgelost kunnen worden met "
                    "(technologische) innovaties. Specifieke vakken vergroten je internationale ervaring en "
                    "interdisciplinaire expertise, met aandacht voor de praktijk van beleids-, bestuurs- en "
                    "adviesfuncties.",
                ),
            ]
        },
        strengths=[
            "De opleiding geeft je gespecialiseerde competenties in publieke sectorinnovatie en in de rol van ICT en "
            "technologische ontwikkelingen in dat innovatieproces.",
            "Een unieke Erasmus Mundus-opleiding, gesubsidieerd door het Uitvoerend Agentschap onderwijs, "
            "audiovisuele middelen en cultuur (EACEA) van de Europese Commissie.",
            "Een interdisciplinaire opleiding die de expertise van bestuurskunde, publiek management, "
            "informatiesystemen en e-governance samenbrengt.",
            "Een internationale initiële master van 120 studiepunten, samen georganiseerd door drie universiteiten.",
        ],
    ),
    # Seed 002.
    "master-of-biomedical-sciences": PageText(
        fields={
            "title": "Master in de biomedische wetenschappen",
            "summary": (
                "Een onderzoeksmaster van twee jaar (120 studiepunten) die biomedische wetenschappers voorbereidt op "
                "onderzoek naar gezondheid en ziekte in academische en farmaceutische labo’s, met een curriculum op "
                "maat en een internationale uitwisseling."
            ),
            "location": "Leuven, België",
            "curriculum": paragraphs(
                "Het curriculum leidt onderzoekers in de biomedische wetenschappen op met een grondige "
                "wetenschappelijke vorming: kennis verwerven, informatie verzamelen en interpreteren en moderne "
                "onderzoekstechnieken gebruiken. Zo groeien het kritisch denken en de zelfstandigheid die nodig zijn "
                "om een onderzoeksvraag over de (dis)functie van het menselijk lichaam en zijn wisselwerking met de "
                "omgeving aan te pakken. De brede vorming opent ook veel deuren in de industrie, in "
                "onderzoekscentra en in de samenleving.",
                "Het curriculum volgt de onderwijsprincipes van de KU Leuven, met de zelfstandigheid van de student "
                "voorop. De universiteit steunt daarvoor op haar eigen interdisciplinaire onderzoek van hoge "
                "kwaliteit en wil een plek van kritisch denken zijn, waar je naast feitenkennis leert problemen te "
                "herkennen, te omschrijven en op te lossen.",
                "De kwaliteit van het curriculum steunt op de sterke band tussen onderwijs en onderzoek in de "
                "biomedische wetenschappen in de ruimste zin. De faculteit zet in op toekomstgericht onderwijs in een "
                "academische omgeving die intellectueel prikkelend, sociaal ondersteunend en studentvriendelijk is.",
            ),
            "admission_requirements": paragraphs(
                "Voor de volledige lijst van vereiste voorkennis en meer uitleg over de beoordeling door de "
                "internationale commissie, kijk op de website van de faculteit: daar vind je de toelatingsvoorwaarden "
                "van de opleiding in detail."
            ),
            "career_opportunities": paragraphs(
                "De loopbaan van biomedische wetenschappers heeft vaak een internationale dimensie en raakt aan heel "
                "uiteenlopende aspecten van de menselijke gezondheid. Je bent voorbereid op een loopbaan vol "
                "wetenschappelijk onderzoek in academische of farmaceutische labo’s, om gezondheid beter te begrijpen "
                "en preventie en behandelingen voor ziekten te vinden."
            )
            + "<h3>Start je loopbaan al tijdens je studie</h3>"
            + paragraphs(
                "Tijdens je bachelor en master geef je je loopbaan al vorm: met een specialisatie, een verblijf in "
                "het buitenland (Erasmus), een stage of een eigen onderneming.",
                "Het Student Career Center helpt je op weg naar je eerste werkervaring, begeleidt je bij het zoeken "
                "naar een boeiende job en bij sollicitatiegesprekken. Wie een eigen zaak wil starten, kan terecht bij "
                "Lcie, de gemeenschap van de KU Leuven die studenten met vernieuwende en ondernemende ideeën "
                "aanmoedigt.",
                "Weet je niet waar te beginnen? De databanken van het Student Career Center bevatten vacatures, "
                "vrijwilligerswerk, innovatieprojecten en studentenjobs. Je kunt ook naar een van de activiteiten "
                "van het Career Center gaan.",
            ),
        },
        streams={
            "description": [
                paragraph(
                    "De biomedische wetenschappen hebben de voorbije decennia een spectaculaire ontwikkeling gekend. "
                    "De labo’s van de KU Leuven en het Universitair Ziekenhuis Gasthuisberg leverden baanbrekend werk "
                    "in de aanpak en preventie van ziekten en in de ontwikkeling van nieuwe therapieën. Het menselijk "
                    "lichaam begrijpen, gezond en ziek, is een eerste stap naar nieuwe middelen voor een langer en "
                    "beter leven."
                ),
                heading("Waarover gaat de opleiding?"),
                paragraph(
                    "De master in de biomedische wetenschappen (Leuven) is een uitstekende voorbereiding voor "
                    "onderzoekers en voor wie een stevige biomedische achtergrond zoekt om te werken of les te geven "
                    "in de cruciale domeinen van menselijke gezondheid en ziekte.",
                    "Biomedische wetenschappers worden voorbereid op een loopbaan in boeiend wetenschappelijk onderzoek "
                    "in academische of farmaceutische labo’s, gericht op meer kennis over gezondheid en op preventie "
                    "en genezing van ziekten.",
                    "Het curriculum op maat laat je verdiepen in wat je het meest boeit. Je krijgt les van "
                    "biomedische en klinische onderzoekers die actief zijn in het veld, zodat je bij blijft met de "
                    "nieuwste ontwikkelingen.",
                ),
                heading("Waarom deze opleiding?"),
                paragraph(
                    "Afgestudeerden zijn volledig uitgerust om cruciale biomedische uitdagingen aan te pakken, in "
                    "een team of alleen."
                ),
                heading("Is deze opleiding iets voor mij?"),
                paragraph(
                    "Als toekomstige student ken je de werking van het menselijk lichaam goed en wil je in de "
                    "frontlinie staan van het onderzoek naar gezondheid en ziekte. Wil je je loopbaan wijden aan "
                    "biomedische kennis om ziekten te voorkomen en doeltreffende behandelingen te ontwikkelen? Dan is "
                    "deze master iets voor jou."
                ),
            ]
        },
        strengths=[
            "Het internationale uitwisselingsprogramma opent je blik op wereldwijde oplossingen voor gezondheid en "
            "ziekte; door wetenschappelijk onderzoek in een labo in binnen- of buitenland versterk je je "
            "vaardigheden en leer je de nieuwste methoden.",
            "Afgestudeerden kunnen een internationale loopbaan uitbouwen in heel uiteenlopende domeinen.",
            "Al die vaardigheden en kennis breng je samen in je masterproef.",
        ],
    ),
}

EVENTS = {
    "online-open-day": PageText(
        fields={
            "title": "Online opendag",
            "summary": "De KU Leuven organiseert op 1 december een online opendag.",
            "description": (
                "<p>De KU Leuven organiseert op 1 december een online opendag. Meer informatie vind je op "
                '<a href="https://www.kuleuven.be">de website van de universiteit</a>.</p>'
            ),
        }
    ),
    "campus-information-day": PageText(
        fields={
            "title": "Masterinfodag op de campus",
            "summary": "Ontmoet de opleidingscoördinatoren en huidige studenten in Leuven.",
            "description": "<p>Ontmoet de coördinatoren van de masteropleidingen en vraag studenten naar hun studie.</p>",
        }
    ),
    "biomedical-sciences-webinar": PageText(
        fields={
            "title": "Webinar: master in de biomedische wetenschappen",
            "summary": "Een uur met de opleidingsdirecteur over het curriculum, de onderzoekslabo’s en de toelating.",
            "description": "<p>De opleidingsdirecteur stelt het curriculum, de onderzoekslabo’s en de aanmelding voor.</p>",
        }
    ),
}
