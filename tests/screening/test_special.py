"""Special categories and criminal-offence data are found in Swedish compounds and English."""

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Jag har diabetes och tar diabetesmedicin.",
            [("health", "diabetes"), ("health", "diabetesmedicin")],
        ),
        ("Han har nötallergi.", [("health", "nötallergi")]),
        ("Min son har dyslexi och ADHD.", [("health", "dyslexi"), ("health", "ADHD")]),
        (
            "Jag var sjukskriven för utmattningssyndrom.",
            [("health", "sjukskriven"), ("health", "utmattningssyndrom")],
        ),
        ("My daughter is diabetic.", [("health", "diabetic")]),
        ("Önskar halal-mat", [("religion", "halal-mat")]),
        (
            "Vi behöver ett bönerum under ramadan.",
            [("religion", "bönerum"), ("religion", "ramadan")],
        ),
        (
            "Hon är facklig förtroendeman.",
            [("trade_union", "facklig"), ("trade_union", "förtroendeman")],
        ),
        ("Jag är medlem i Unionen.", [("trade_union", "Unionen")]),
        ("I'm a union rep at the warehouse.", [("trade_union", "union rep")]),
        ("Han är aktiv sverigedemokrat.", [("political", "sverigedemokrat")]),
        ("Jag och min man är homosexuella.", [("sex_life", "homosexuella")]),
        (
            "Hon är same och talar samiska.",
            [("ethnic_origin", "är same"), ("ethnic_origin", "samiska")],
        ),
        (
            "Jag har gjort ett gentest som visade BRCA1.",
            [("genetic", "gentest"), ("genetic", "BRCA1")],
        ),
        ("Gymmet använder fingeravtryck vid entrén.", [("biometric", "fingeravtryck")]),
        ("Han dömdes för rattfylleri.", [("criminal", "dömdes"), ("criminal", "rattfylleri")]),
        (
            "Bifoga ett utdrag ur belastningsregistret.",
            [("criminal", "utdrag ur belastningsregistret")],
        ),
    ],
)
def test_categories_are_found_in_words_and_compounds(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Med vänliga hälsningar, Anna",
        "Jag ska hälsa på mormor i helgen.",
        "Vi gör en partiell återbetalning.",
        "Arbetet är fackmässigt utfört.",
        "Biblioteket har mycket facklitteratur.",
        "Det var sjukt bra!",
        "Beroende på vädret flyttar vi inomhus.",
        "En gripande film om brottning.",
        "Vi går igenom genomgången igen.",
        "Sjuksköterskan Eva leder passet.",
        "Betyg i religionskunskap krävs inte.",
        "Same time next week?",
        "Dom kommer i morgon.",
        "Thanks for your cooperation, I have read the terms and conditions.",
        "Oh my God, I am the same as before.",
        "Christian Svensson anmäler sig.",
        "I am sick of waiting.",
        "Förlåt besväret, jag ringer igen.",
        "Vi kör allt i MS Teams och mitt SD-kort är fullt.",
        "Jag vill boka en demonstration av plattformen.",
        "Kursen handlar om psykologisk trygghet.",
        "Please vote for the best poster!",
        "No offence, but I'd like Asian food and I am running the race.",
        "Vi erbjuder registerutdrag enligt GDPR och arbetar med bedrägeribekämpning.",
    ],
)
def test_false_friends_are_not_findings(found, text):
    assert found(text) == []


def test_a_personal_statement_is_more_certain_than_a_generic_mention():
    from ombud.screening import screen

    personal = screen("Jag har epilepsi.")[0].confidence
    generic = screen("Kursen tar upp epilepsi.")[0].confidence
    assert personal > generic


def test_a_policy_sentence_naming_a_category_is_not_a_finding(found):
    assert found("Vi frågar aldrig om din religion eller dina politiska åsikter.") == []


def test_a_long_text_finds_what_its_parts_find():
    """A long text gives the findings of its parts, each weighed in its own sentence."""
    from ombud.screening import screen

    parts = [
        "Jag har nötallergi och diabetes.",
        "Min son är autistisk och har dyslexi.",
        "Hon är med i facket och röstar på Vänsterpartiet.",
    ] * 20
    text = "\n".join(parts)
    assert len(text) > 1000
    offset, expected = 0, []
    for part in parts:
        expected += [(f.start + offset, f.end + offset, f.kind) for f in screen(part)]
        offset += len(part) + 1
    assert [(f.start, f.end, f.kind) for f in screen(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "diabetes i början",
        "(diabetes)",
        '"diabetes"',
        "ADHD/diabetes",
        "typ 1–diabetes",
        "har\u00a0diabetes",
        "har\ndiabetes",
        "«diabetes»",
        "…diabetes",
    ],
)
def test_a_word_is_found_after_any_space_or_mark(found, text):
    assert any(kind == "health" and "diabetes" in span for kind, span in found(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Inflected forms a lexicon lists only in their dictionary form.
        ("Båda är sjukskrivna sedan mars.", [("health", "sjukskrivna")]),
        ("Jag har känt mig utbränt länge.", [("health", "utbränt")]),
        ("He has had two sports injuries.", [("health", "injuries")]),
        # Body part + ailment compounds, built from two lists.
        ("Jag har en knäskada sedan i våras.", [("health", "knäskada")]),
        ("Hon har haft ryggsmärtor i flera år.", [("health", "ryggsmärtor")]),
        ("I'm recovering from back surgery.", [("health", "back surgery")]),
        # Suffixes that name a condition, whatever the word.
        ("I was off with tendinitis.", [("health", "tendinitis")]),
        # A union whose name is also a common word, named as one's union.
        ("Jag är med i Vision sedan tio år.", [("trade_union", "Vision")]),
        ("Hon är medlem i Kommunal.", [("trade_union", "Kommunal")]),
    ],
)
def test_inflections_compounds_and_cues_reach_unlisted_forms(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Vi arbetar med Vision 2030 för hela förvaltningen.",
        "We are prioritising the new booking system.",
        "Eleverna skriver ett diagnostiskt prov i matematik.",
        "Vi har armbrottning på sommarfesten.",
        "Vi ses den 3 april på kontoret.",
        "Vi bjuder på kaffe och rån.",
        "De sitter inne med mycket kunskap om lean.",
        "Han avtjänade värnplikten i Boden.",
        "Vi jobbar på sjukhuset med städningen.",
        "Allergier/specialkost:",
    ],
)
def test_the_new_rules_keep_their_false_friends_apart(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A family whose parents' sexes are stated reveals sexual orientation.
        ("Lisa har två mammor som hämtar henne.", [("sex_life", "har två mammor")]),
        ("Our son has two dads, both will come.", [("sex_life", "has two dads")]),
        ("Klienten berättar om hans pojkvän.", [("sex_life", "hans pojkvän")]),
        # Prayer told by the verb, with what makes it prayer.
        ("Vi vill gå undan och be vid lunch.", [("religion", "undan och be")]),
        # A union named as the one that is paid, in lower case after a cue.
        ("Jag betalar medlemsavgift till Vision.", [("trade_union", "Vision")]),
        ("jag e med i kommunal", [("trade_union", "kommunal")]),
        ("Kursen är en förtroendemannautbildning.", [("trade_union", "förtroendemannautbildning")]),
        # Health told through reduced functions and care visits.
        ("Jag har nedsatt hörsel på vänster öra.", [("health", "nedsatt hörsel")]),
        ("var på vårdcentralen igen idag", [("health", "vårdcentralen")]),
        ("Min bror bär på anlaget.", [("genetic", "bär på anlaget")]),
        ("Vi har anlaget för den i släkten.", [("genetic", "anlaget för")]),
    ],
)
def test_meaning_carried_by_a_phrase_is_found(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Två pappor från föräldraföreningen hjälper till med fikat.",
        "Jag och min fru kommer båda på kursen.",
        "Vi ber om ursäkt för förseningen, och ber er höra av er.",
        "Jag skickar fakturan till dem som ber om den.",
        "Vi följer kommunal praxis för protokollen.",
        "Förbundet har nya stadgar från i år.",
        "Hon har anlag för musik och språk.",
        "After the union of our two companies the address changed.",
        "Modulen Facklig historia saknar undertexter.",
    ],
)
def test_phrases_that_only_look_like_them_are_not_findings(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("har haft depresion i två år", [("health", "depresion")]),
        ("My son is autistic and has anxeity.", [("health", "autistic"), ("health", "anxeity")]),
        ("hon har en anmärkning i belastningsregistet", [("criminal", "belastningsregistet")]),
    ],
)
def test_a_common_word_is_found_misspelt(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Christian har skickat fakturan.",
        "We offer mediation between teams.",
        "Gardinerna är av muslin.",
    ],
)
def test_words_one_slip_from_a_term_are_not_findings(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Conditions on 1177.se's A-Ö list and their English names.
        ("Jag har ischias och blåskatarr.", [("health", "ischias"), ("health", "blåskatarr")]),
        ("Noah har vinterkräksjuka.", [("health", "vinterkräksjuka")]),
        (
            "I have kidney stones and sciatica.",
            [("health", "kidney stones"), ("health", "sciatica")],
        ),
        # Procedures by their ending, and care booked or received.
        ("Jag ska göra en koloskopi.", [("health", "koloskopi")]),
        ("I had a colonoscopy last week.", [("health", "colonoscopy")]),
        ("Jag ska röntga knät.", [("health", "röntga")]),
        ("Pappa har lagts in på geriatriken.", [("health", "geriatriken")]),
        ("Mamma fick en ny höft i våras.", [("health", "ny höft")]),
        # Reduced functions said by a verb.
        ("Sara hör dåligt på vänster öra.", [("health", "hör dåligt")]),
        ("Jag blir lätt yr när jag reser mig.", [("health", "lätt yr")]),
        # A body part after what befell it; a food after what says it cannot be eaten.
        ("Jag har problem med magen.", [("health", "problem med magen")]),
        ("Han bröt armen i somras.", [("health", "bröt armen")]),
        ("I hurt my back lifting boxes.", [("health", "hurt my back")]),
        ("Jag tål inte gluten.", [("health", "tål inte gluten")]),
        # Addiction and self-harm in plain words; the commonest medicines by brand.
        ("Jag har spelproblem.", [("health", "spelproblem")]),
        ("Hon skadar sig själv ibland.", [("health", "skadar sig själv")]),
        ("Jag tar Atacand och Furix.", [("health", "Atacand"), ("health", "Furix")]),
    ],
)
def test_health_is_found_in_conditions_care_and_plain_words(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Vi gick på protesten mot nedläggningen.",
        "Min kollega ser dåligt ut idag, han sov för lite.",
        "Han hör dåligt av sig numera.",
        "Jag ligger inne med massor av semesterdagar.",
        "Det yr snö på vägarna, kör försiktigt.",
        "Det blev yrt i kassan före jul.",
        "Mikroskopi på labbet i eftermiddag.",
        "The flue needs sweeping before winter.",
        "Min mamma föddes i Umeå.",
        "Vi ska föda upp kaniner i sommar.",
        "Vi köper AA-batterier till mikrofonerna.",
        "I'm doing a digital detox this weekend.",
        "Flu season is coming, stay home if in doubt.",
        "A talk on menopause at work for all managers.",
    ],
)
def test_words_that_look_like_health_are_not_findings(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vår son ska döpas i maj.", [("religion", "döpas")]),
        ("Han gör hajj i år.", [("religion", "hajj")]),
        ("I go to mass every Sunday.", [("religion", "go to mass")]),
        ("Vår nya elev är hazara.", [("ethnic_origin", "hazara")]),
        ("Jag är med i Transport.", [("trade_union", "Transport")]),
        ("Han sitter i fullmäktige för V.", [("political", "sitter i fullmäktige")]),
        ("Hennes maka hämtar barnen.", [("sex_life", "Hennes maka")]),
        ("Han åkte dit för rattfylla.", [("criminal", "åkte dit för"), ("criminal", "rattfylla")]),
        ("He lost his licence for drink driving.", [("criminal", "drink driving")]),
        ("Vi har en handflatsläsare i entrén.", [("biometric", "handflatsläsare")]),
    ],
)
def test_other_kinds_are_found_by_audited_words(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Filen ska döpas om till rapport.pdf.",
        "Transport från stationen ingår i priset.",
        "Jag jobbar med Transport och logistik.",
        "Målarna kommer på måndag och målar om kontoret.",
        "Jag är ST-läkare på medicinkliniken.",
        "Kan du langa fram saltet?",
    ],
)
def test_words_that_look_like_other_kinds_are_not_findings(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Min man och jag är båda män.", [("sex_life", "båda män")]),
        ("Jag och min fru är två kvinnor.", [("sex_life", "två kvinnor")]),
        ("My partner and I are both women.", [("sex_life", "both women")]),
    ],
)
def test_a_couple_of_one_sex_is_found_when_the_couple_is_named(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Jag och Lisa är båda kvinnor i ledningsgruppen.",
        "Vi är båda tjejer i laget.",
        "Två män greps efter inbrottet.",
        "My wife and I are both teachers.",
    ],
)
def test_two_people_of_one_sex_who_are_not_a_couple_are_not_findings(found, text):
    assert found(text) == [] or all(kind != "sex_life" for kind, _ in found(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Care as the head of a compound.
        ("Han går hos en barnpsykolog.", [("health", "barnpsykolog")]),
        ("Hon är inskriven på vuxenpsykiatrin.", [("health", "vuxenpsykiatrin")]),
        ("Jag tar hjärtmedicin.", [("health", "hjärtmedicin")]),
        ("Jag har tid hos ögonläkaren.", [("health", "ögonläkaren")]),
        ("Hon går på hemdialys.", [("health", "hemdialys")]),
        # An allergen as the answer to an allergy question.
        ("Allergier: pollen, pälsdjur", [("health", "pollen"), ("health", "pälsdjur")]),
        ("Allergies: peanuts, shellfish", [("health", "peanuts"), ("health", "shellfish")]),
    ],
)
def test_care_in_compounds_and_allergens_as_answers_are_found(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hon läser idrottsmedicin på universitetet.",
        "Jag jobbar som psykolog på skolan.",
        "Vi har en tandläkare i styrelsen.",
        "Vi säljer nötter och mandel i kiosken.",
        "Latex-mallen för rapporten ligger på intranätet.",
    ],
)
def test_fields_professions_and_foods_are_not_findings(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A whole-word term opening a compound on one of its kind's heads.
        ("Pappa är strokepatient.", [("health", "strokepatient")]),
        ("Jag har tinnitusbesvär.", [("health", "tinnitusbesvär")]),
        ("Han går i missbruksbehandling.", [("health", "missbruksbehandling")]),
        ("Han har en rattfylleridom.", [("criminal", "rattfylleridom")]),
        # Colloquial wording for being ill, in prison, or at prayer.
        ("Jag har gått in i väggen.", [("health", "gått in i väggen")]),
        ("I forgot my meds at home.", [("health", "meds")]),
        ("Han satt i finkan i natt.", [("criminal", "finkan")]),
        ("Barnen går på söndagsskola.", [("religion", "söndagsskola")]),
    ],
)
def test_compounds_on_a_kinds_heads_and_colloquial_words_are_found(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Personalen inom sjukvården får rabatt.",
        "Vi sätter upp en ny gipsskiva i förrådet.",
        "Hon är ST-läkare på medicinkliniken.",
        "Han muckade från lumpen i maj.",
        "Jag dealar med leverantörerna.",
        "Har ni allergivänlig mat på fikat?",
        "The hall is sectioned off for the exam.",
    ],
)
def test_compounds_and_slang_that_only_look_like_them_are_not_findings(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kassören har förskingrat pengar.", [("criminal", "förskingrat")]),
        ("Han bröt sig in i en villa.", [("criminal", "bröt sig in")]),
        ("He embezzled money from the club.", [("criminal", "embezzled")]),
        ("Han har fått körkortet indraget.", [("criminal", "fått körkortet indraget")]),
        ("My wife is expecting a baby in May.", [("health", "expecting a baby")]),
        ("Han måste kolla sockret före passet.", [("health", "kolla sockret")]),
    ],
)
def test_crime_told_by_the_verb_and_care_said_plainly_are_found(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Vi hotade att ställa in matchen.",
        "Han lurade målvakten med en finte.",
        "Hon fick ett anfall av skratt.",
        "We're expecting forty guests.",
    ],
)
def test_verbs_that_only_sound_like_crime_or_care_are_not_findings(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Vi har en blind fläck i schemat på fredagar.",
        "Bokcirkeln läser Brott och straff från mars.",
        "We raised £2,000 for the cancer charity.",
        "Vår tränare är sjuksköterska på akuten.",
        "Hälsodeklaration sommarläger 2025",
    ],
)
def test_idioms_titles_and_professions_at_a_place_of_care_are_not_findings(found, text):
    assert found(text) == []


def test_a_person_at_a_place_of_care_is_still_found(found):
    assert found("Pappa ligger på IVA.") == [("health", "IVA")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hör av er om nåt är oklart. /Samir", []),
        ("Vi är samer från Jokkmokk.", [("ethnic_origin", "är samer")]),
    ],
)
def test_a_bare_r_inflects_only_after_the_vowels_that_take_it(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Notering: BMI 34, blodtryck 150/90.",
            [("health", "BMI 34"), ("health", "blodtryck 150/90")],
        ),
        ("HbA1c 58 vid senaste provet.", [("health", "HbA1c 58")]),
        ("Mitt blodtryck är 140/85.", [("health", "blodtryck är 140/85")]),
        ("BMI är ett mått på vikt i förhållande till längd.", []),
        ("Vi mäter BMI på alla deltagare.", []),
    ],
)
def test_a_health_measurement_is_found_with_its_value(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Har varit hemma med ryggen hela veckan.", [("health", "hemma med ryggen")]),
        ("Jag är hemma med magsjuka idag.", [("health", "hemma med magsjuka")]),
        ("Sonen låg hemma med feber i tre dagar.", [("health", "låg hemma med feber")]),
        ("Jag har problem med hörsel.", [("health", "problem med hörsel")]),
        ("Hon har svårt med minnet sedan olyckan.", [("health", "svårt med minnet")]),
        ("I have trouble with balance on stairs.", [("health", "trouble with balance")]),
        (
            "Jag är synskadad och använder skärmläsare.",
            [("health", "synskadad"), ("health", "skärmläsare")],
        ),
        ("Jag läser punktskrift.", [("health", "punktskrift")]),
        ("My son uses a screen reader at school.", [("health", "screen reader")]),
        ("Jag fick utslag i hårbotten förra gången.", [("health", "fick utslag")]),
    ],
)
def test_a_body_that_keeps_someone_home_or_troubles_them_is_found(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Jag är hemma med barnen i morgon.",
        "Hon är hemma med VAB.",
        "Vi har problem med datorn.",
        "Det är svårt med schemat i vår.",
        "Testet gav utslag direkt.",
        "Vi fick utslag på mätaren.",
        "Kursen finns på punktskrift.",
        "Fungerar kursen med skärmläsare?",
    ],
)
def test_home_with_the_children_and_troubles_with_things_are_not_findings(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Min sambo ligger på Sahlgrenska sedan i lördags.", [("health", "Sahlgrenska")]),
        (
            "Pappa är inlagd på Karolinska.",
            [("health", "inlagd på"), ("health", "Karolinska")],
        ),
        ("Vi hälsar på mamma som är inlagd här uppe.", [("health", "inlagd")]),
        ("Min bror ligger inlagd sedan i tisdags.", [("health", "ligger inlagd")]),
    ],
)
def test_a_person_in_hospital_is_found(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Jag jobbar på Sahlgrenska.",
        "Till lunch serveras inlagd sill.",
        "Inlagda gurkor passar till allt.",
    ],
)
def test_a_hospital_as_a_workplace_and_pickled_food_are_not_findings(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kursen krockar med ramadan. Jag fastar, så ingen lunch.",
            [("religion", "ramadan"), ("religion", "fastar")],
        ),
        (
            "Jag är katolik och går i mässan på söndagar.",
            [("religion", "katolik"), ("religion", "går i mässan")],
        ),
        ("Vi har partimöte på torsdag.", [("political", "partimöte")]),
        ("Hon är partiaktiv sedan länge.", [("political", "partiaktiv")]),
        ("Han är partimedlem.", [("political", "partimedlem")]),
    ],
)
def test_fasting_in_a_holy_season_mass_and_party_life_are_found(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Jag fastar inför undersökningen.",
        "Jag kör periodisk fasta.",
        "Vi har fasta priser.",
        "Vi ses på mässan i Älvsjö.",
        "Jag ska på bokmässan.",
        "Vi gör en partiell återbetalning.",
        "Vi köpte ett parti varor.",
    ],
)
def test_medical_fasting_trade_fairs_and_parti_as_a_batch_are_not_findings(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Alla snackar om mig för att ja e bi.", [("sex_life", "ja e bi")]),
        ("Jag är bi och öppen med det.", [("sex_life", "Jag är bi")]),
        (
            "Vi är två killar som ska gifta oss i juni.",
            [("sex_life", "Vi är två killar som ska gifta oss")],
        ),
        (
            "We're two women getting married in May.",
            [("sex_life", "We're two women getting married")],
        ),
    ],
)
def test_orientation_said_in_chat_or_by_number_and_sex_is_found(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ett bi stack mig på utflykten.",
        "Vi har bin i trädgården.",
        "Jag är bilist.",
        "Vi är två tjejer som ska gå kursen.",
    ],
)
def test_bees_and_two_friends_on_a_course_are_not_findings(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Strejken i hamnen har försenat kursböckerna.",
        "Jag har läst vidare om LO:s historia.",
        "Honestly this course is sick, best module so far.",
        "The sick animations in module 3 were great.",
        "Module 6 was a fever dream.",
        "Vi är partipolitiskt obundna.",
        "Föreningen är partipolitiskt och religiöst neutral.",
    ],
)
def test_news_history_praise_and_a_stance_are_not_findings(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vi deltar i strejken nästa vecka.", [("trade_union", "strejken")]),
        ("My son is sick today.", [("health", "sick")]),
    ],
)
def test_a_strike_taken_part_in_and_illness_are_still_found(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Anmälan för min son: Ali Berg, 12 år. Allergier: jordnötter (han har adrenalinpenna).",
            [("health", "jordnötter"), ("health", "adrenalinpenna")],
        ),
        ("Kursdeltagare: Eva. Diagnos: ADHD.", [("health", "ADHD")]),
    ],
)
def test_a_field_label_after_a_sentence_on_its_line_is_not_a_finding(found, text, expected):
    assert found(text) == expected


def test_a_capitalised_word_after_a_sentence_is_still_found_without_a_colon(found):
    assert found("Anmälan för Ali. Allergier mot nötter har han.") == [
        ("health", "Allergier"),
        ("health", "nötter"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Vi har fått dom från tingsrätten i tvisten med hyresvärden.",
        "Vi har stämt leverantören och tingsrätten tar upp det i vår.",
        "Jag såg en rättegångsdokumentär igår om förtroende.",
    ],
)
def test_a_civil_dispute_and_a_trial_as_a_genre_are_not_offences(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hans rättegång i tingsrätten börjar i maj.", ["rättegång", "tingsrätten"]),
        (
            "Hyresvärden anmälde honom och han åtalades för skadegörelse.",
            ["åtalades", "skadegörelse"],
        ),
    ],
)
def test_a_criminal_trial_is_still_an_offence_beside_a_landlord(found, text, expected):
    assert [word for kind, word in found(text) if kind == "criminal"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hon mår illa och ska kräkas.", ("health", "kräkas")),
        ("Min sjukdom är obotlig.", ("health", "obotlig")),
        ("Vi följer rehabplanen.", ("health", "rehabplanen")),
        ("Jag är anhörigvårdare åt min pappa.", ("health", "anhörigvårdare")),
        ("The client reports heavy drinking.", ("health", "heavy drinking")),
        ("Intyg från läkare kan skickas.", ("health", "läkare")),
    ],
)
def test_vomiting_an_incurable_illness_care_and_drinking_are_found(found, text, expected):
    assert expected in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Han är en obotlig optimist.",
        "Vi gör en handlingsplan och en kostplan.",
        "Ta med en läkare på resan.",
        "Ta med intyg från arbetsgivaren.",
    ],
)
def test_a_trait_plans_and_other_certificates_are_not_health(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Min kollega fastar under ramadan.", ("religion", "fastar")),
        ("We are fasting during Lent.", ("religion", "fasting")),
        ("Jag har börjat be igen, fem gånger om dagen.", ("religion", "be")),
        ("He prays to God every night.", ("religion", "prays")),
    ],
)
def test_fasting_through_a_holy_season_and_prayer_at_its_times_are_found(found, text, expected):
    assert expected in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Jag fastar inför blodprovet.",
        "Kan jag be om hjälp fem gånger?",
        "Vi har fasta tider hela våren.",
        "Jag ber dig igen, ring mig.",
    ],
)
def test_fasting_for_a_test_and_asking_are_not_religion(found, text):
    assert [kind for kind, _ in found(text) if kind == "religion"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please put us down as Mr and Mr.", [("sex_life", "Mr and Mr")]),
        (
            "Det har blivit bättre sedan jag kom ut på jobbet.",
            [("sex_life", "kom ut på jobbet")],
        ),
        ("I came out to my parents last year.", [("sex_life", "came out to my parents")]),
    ],
)
def test_two_titles_of_one_sex_and_coming_out_to_someone_are_found(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Please put us down as Mr and Mrs Smith.",
        "Jag kom ut på gården och såg att det snöade.",
        "I came out to my car and it was gone.",
        "Min fru och jag kommer gärna på julbordet.",
    ],
)
def test_a_man_and_wife_leaving_a_room_and_a_couple_unqualified_are_not_found(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Min svåger hjälper till i valrörelsen och det blir spänt hemma.", []),
        ("Jag är aktiv i valrörelsen.", [("political", "valrörelsen")]),
    ],
)
def test_an_election_campaign_is_political_only_when_someone_is_active_in_it(found, text, expected):
    assert found(text) == expected


def test_an_elected_member_of_a_council_holds_no_union_office(found):
    text = "Jag sitter för Vänsterpartiet i socialnämnden och vill gå en kurs för förtroendevalda."
    assert [kind for kind, _ in found(text)] == ["political"]


def test_a_union_office_beside_a_council_seat_is_still_found(found):
    text = "Jag är förtroendevald i Unionen och sitter i kommunfullmäktige."
    assert ("trade_union", "Unionen") in found(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jag behöver en kvart för eftermiddagsbönen.", [("religion", "eftermiddagsbönen")]),
        ("Hon ber alltid en morgonbön.", [("religion", "morgonbön")]),
        ("I'll be at shul all day.", [("religion", "shul")]),
        ("Har varit på kemo i veckan o är helt slut.", [("health", "kemo")]),
        ("Fick brännskador i hårbotten.", [("health", "brännskador")]),
        ("Läkaren skriver depressiv episod.", [("health", "depressiv")]),
        ("Hon styr datorn med ögonstyrning.", [("health", "ögonstyrning")]),
        ("A rotator cuff tear, says the certificate.", [("health", "rotator cuff")]),
        ("cant make it, got a doc appt", [("health", "doc appt")]),
        ("She had a bad cold that week.", [("health", "a bad cold")]),
        ("Sedan i våras har jag svårt med trappor.", [("health", "svårt med trappor")]),
        ("Jag är transkille och heter Leo nu.", [("sex_life", "transkille")]),
        ("Jag satt i kommunstyrelsen i tolv år.", [("political", "satt i kommunstyrelsen")]),
    ],
)
def test_batch_sevens_misses_are_found_as_classes(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Vi köpte kaffebönor och sojabönor till festen.",
        "Firman jobbar med transporter och transfers.",
        "Kommunstyrelsen beslutade i går om nya cykelbanor.",
        "It was a cold day and the heating had failed.",
        "Samverkan med de fackliga organisationerna inför löneöversynen.",
        "Our trainer used to be a prosecutor and now teaches negotiation.",
        "Kursledaren var åklagare i tjugo år.",
        "Allergies/dietary needs:",
    ],
)
def test_words_beside_batch_sevens_classes_are_not_findings(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hon är sjundedagsadventist.", [("religion", "sjundedagsadventist")]),
        ("During Lent I don't eat meat.", [("religion", "Lent")]),
        ("Vår son har fragilt X-syndrom.", [("genetic", "fragilt X-syndrom")]),
        ("sorry, är sjukis idag", [("health", "sjukis")]),
        ("My GP has signed me off for two weeks.", [("health", "GP"), ("health", "signed me off")]),
        ("Jag använder skärmläsare.", [("health", "skärmläsare")]),
        ("Nej, jag är inte med i något fack längre.", [("trade_union", "inte med i något fack")]),
        ("Jag gick ur Vision 2019.", [("trade_union", "Vision")]),
        ("I'm not in a union anymore.", [("trade_union", "not in a union")]),
        ("At home I was a member of the opposition party.", [("political", "opposition party")]),
        (
            "Jag är kurd och kom från Syrien för tre år sedan.",
            [("ethnic_origin", "kurd"), ("ethnic_origin", "från Syrien")],
        ),
        (
            "I am Hazara from Afghanistan.",
            [("ethnic_origin", "Hazara"), ("ethnic_origin", "from Afghanistan")],
        ),
    ],
)
def test_batch_eights_misses_are_found_as_classes(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Paketet var trasigt och kom från Kina.",
        "I am calling from Norway about the course.",
        "Glömde mina saxar i facket under disken.",
        "Vi behandlar hälsouppgifter, till exempel allergier, endast för att planera måltider.",
        "We may process special category data, such as health or trade union membership.",
        "In our learner survey, 34% of respondents reported a disability.",
        "The app (build 2.31.0.7) crashes on start.",
        "He lent me his car for the weekend.",
    ],
)
def test_words_beside_batch_eights_classes_are_not_findings(found, text):
    assert found(text) == []


def test_a_writer_asking_about_their_own_data_is_still_found_among_generic_words(found):
    text = "Radera mina personuppgifter, särskilt uppgifter om min depression."
    assert ("health", "depression") in found(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hon är lite hängig och snuvig.", [("health", "hängig"), ("health", "snuvig")]),
        ("Han är febrig sedan i natt.", [("health", "febrig")]),
        ("I'm feeling rough, sorry.", [("health", "feeling rough")]),
        ("He has his arm in a cast.", [("health", "in a cast")]),
        ("Jag går på tolvstegsprogram.", [("health", "tolvstegsprogram")]),
        ("I'm recovering from a knee op.", [("health", "knee op")]),
    ],
)
def test_feeling_ill_in_everyday_words_is_found(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Cykeln är lite risig men funkar.", "The ops team will call you.", "A cast of twelve actors."],
)
def test_everyday_words_beside_them_are_not_findings(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jag brände mig på handen i köket.", [("health", "brände mig")]),
        ("Förra gången fick jag utslag i hårbotten.", [("health", "fick jag utslag")]),
        ("Hon fick kraftig svullnad i ansiktet.", [("health", "svullnad")]),
        (
            "Sebbe har epilepsi men är välmedicinerad.",
            [("health", "epilepsi"), ("health", "välmedicinerad")],
        ),
        ("Ska jag boka ett rehabsamtal med honom?", [("health", "rehabsamtal")]),
        ("Hon behöver talsyntes på provet.", [("health", "talsyntes")]),
        ("He's being treated for alcohol use disorder.", [("health", "use disorder")]),
        ("Hej, jag har gått ur Vision.", [("trade_union", "Vision")]),
        ("As a member of the Liberals I'd like to help.", [("political", "Liberals")]),
        ("Min morfar var same.", [("ethnic_origin", "var same")]),
    ],
)
def test_batch_nine_and_tens_misses_are_found_as_classes(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "That workshop was sick, honestly!",
        "Sladden fastnade i stolen.",
        "Kursledare: leg. fysioterapeut Eva Berg.",
        "Min pappa jobbar som domare på Solna tingsrätt.",
        "Vi välkomnar sökande oavsett kön, etnisk tillhörighet, religion eller sexuell läggning.",
        "Course description: the course covers prevention of type 2 diabetes.",
        "Apprenticeship review, Level 2 Beauty Therapy.",
    ],
)
def test_words_beside_batch_nine_and_tens_classes_are_not_findings(found, text):
    assert found(text) == []


def test_a_statistic_in_an_hr_note_about_someone_is_still_found(found):
    text = "Han har varit borta av stressskäl och ska nu arbetsträna 25 % enligt rehabplanen."
    assert ("health", "rehabplanen") in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "På kursen lär du dig hantera allergiska reaktioner, epileptiska anfall och diabetes.",
        "No hate speech based on religion, ethnicity, sexual orientation or political opinion.",
        "Låt era anställda mäta blodtryck, kolesterol och blodsocker på arbetsplatsen.",
    ],
)
def test_a_list_of_sensitive_words_about_no_one_is_not_a_finding(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Min son har astma, eksem och nötallergi.",
            [("health", "astma"), ("health", "eksem"), ("health", "nötallergi")],
        ),
        (
            "Sjukdomar: högt blodtryck, astma, migrän",
            [("health", "högt blodtryck"), ("health", "astma"), ("health", "migrän")],
        ),
    ],
)
def test_a_list_about_someone_or_in_a_form_is_still_found(found, text, expected):
    assert found(text) == expected
