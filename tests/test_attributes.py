"""Attribute slips: mentions of one group whose nationality differs (issue 14 item 4).

Every sentence here is written for these tests. Each row is one story (articles separated by
" || ") and the slip expected, as (lone mention, mention it contradicts), or None.
"""

import pytest

from credence.scoring.attributes import attribute_slips, group_mentions

SLIPS = [
    # One group captured: the lone other nationality is a slip.
    (
        "North Korean troops were captured near Kursk. Two North Korean soldiers were "
        "wounded in the fighting. Ukraine now holds two wounded South Korean POWs.",
        ("two wounded South Korean POWs", "Two North Korean soldiers"),
    ),
    (
        "Ukraine says it captured North Korean soldiers. The captured North Koreans were "
        "questioned by officers. Later, the South Korean prisoners asked to defect.",
        ("South Korean prisoners", "captured North Koreans"),
    ),
    (
        "Dozens of Russian soldiers were captured in the raid. The Russian POWs were moved "
        "to a camp. Officials said the Belarusian prisoners would be exchanged.",
        ("Belarusian prisoners", "Russian POWs"),
    ),
    (
        "Eleven Iranian sailors were detained by the coastguard. The detained Iranian "
        "sailors were later released. Their families welcomed the detained Iraqi sailors.",
        ("detained Iraqi sailors", "detained Iranian sailors"),
    ),
    (
        "Twelve Syrian fighters were killed overnight. The bodies of the Syrian fighters "
        "were returned on Sunday. A commander vowed revenge for the dead Lebanese fighters.",
        ("dead Lebanese fighters", "Twelve Syrian fighters"),
    ),
    (
        "Three Israeli soldiers were wounded by a drone. The wounded Israeli soldiers were "
        "flown to a hospital. Doctors said the injured Jordanian soldiers were stable.",
        ("injured Jordanian soldiers", "wounded Israeli soldiers"),
    ),
    (
        "Two American pilots were captured after the crash. The captured American pilots "
        "appeared on television. Diplomats demanded that the captured Canadian pilots be freed.",
        ("captured Canadian pilots", "captured American pilots"),
    ),
    # Across articles of one story.
    (
        "Two Chinese sailors were detained at the port. || The detained Chinese sailors "
        "were questioned. || The Taiwanese sailors were detained without charge, "
        "lawyers said.",
        ("Taiwanese sailors", "detained Chinese sailors"),
    ),
    (
        "Four Ethiopian soldiers were killed at the border. || Relatives mourned the "
        "Ethiopian soldiers killed on Tuesday. || The Eritrean soldiers were killed by "
        "shelling, the ministry said.",
        ("Eritrean soldiers", "Four Ethiopian soldiers"),
    ),
    # The same number and event tie two mentions even without a capture or casualty.
    (
        "About 10,000 North Korean troops were deployed to Russia. The North Korean troops "
        "trained for weeks. Analysts said 10,000 South Korean troops were deployed.",
        ("10,000 South Korean troops", "10,000 North Korean troops"),
    ),
    (
        "Some 500 French troops were sent to the region. The French troops arrived on "
        "Monday. Locals said 500 German troops were sent by Paris.",
        ("500 German troops", "500 French troops"),
    ),
    (
        "Two Pakistani soldiers were killed in the attack. Two Pakistani soldiers were "
        "wounded too. Later, two Indian soldiers were reported killed in the same attack.",
        ("two Indian soldiers", "Two Pakistani soldiers"),
    ),
    (
        "Sixty Sudanese fighters were captured. The Sudanese fighters were held in a "
        "school. Witnesses saw the captured Libyans led away.",
        ("captured Libyans", "Sudanese fighters"),
    ),
    (
        "Nine Nigerian troops were killed in an ambush. The army buried the Nigerian troops "
        "on Friday. A spokesman confirmed the deaths of the Malian troops were killed too.",
        ("Malian troops", "Nine Nigerian troops"),
    ),
    (
        "Five Georgian soldiers were wounded. The wounded Georgian soldiers are recovering. "
        "Officials visited the wounded Armenian soldiers in hospital.",
        ("wounded Armenian soldiers", "wounded Georgian soldiers"),
    ),
]

NO_SLIPS = [
    # Two groups set side by side in one sentence: two actors, no slip.
    "Russian troops attacked Ukrainian troops near the river. Russian troops advanced.",
    "North Korean soldiers fired at South Korean soldiers across the border.",
    "Russian troops captured Ukrainian soldiers. Russian troops held the village.",
    # A story about two armies names each several times.
    "North Korean soldiers were wounded in the north. South Korean soldiers were wounded "
    "in the south. North Korean troops retreated. South Korean troops advanced.",
    "Israeli soldiers were captured. Israeli troops searched the area. Lebanese fighters "
    "were captured in a raid. The Lebanese fighters were questioned.",
    # The other group is named once as an agent: it does not undergo the event.
    "Russian troops killed three civilians. Russian troops left the town. Ukrainian "
    "troops entered it on Monday.",
    "Ukrainian soldiers were captured near Avdiivka. Ukrainian soldiers were wounded too. "
    "Russian troops captured the hill.",
    # The lone mention is tied by no event and no number.
    "North Korean troops were captured near Kursk. North Korean soldiers were wounded. "
    "South Korean troops held exercises near Seoul.",
    "Two Russian soldiers were killed. The Russian soldiers were buried. Chinese troops "
    "visited Moscow for a parade.",
    # Different numbers and a generic event: two deployments, not one group.
    "About 10,000 North Korean troops were deployed to Russia. North Korean troops "
    "trained for weeks. Some 500 South Korean troops were deployed to Poland.",
    # A single nationality throughout.
    "Two Russian soldiers were captured. The captured Russian soldiers were moved. The "
    "Russian POWs were exchanged.",
    "North Korean troops were deployed. North Korean forces sustained losses.",
    # Nationality words that name no group (intelligence, media, a country).
    "North Korean troops were captured. North Korean soldiers were wounded. South Korean "
    "intelligence said the prisoners were questioned.",
    "North Korean troops were captured. North Korean soldiers were wounded. A South Korean "
    "newspaper reported the capture.",
    # Only one mention of the majority nationality: no story-wide majority.
    "Two Syrian fighters were killed. Two Lebanese fighters were killed on Sunday.",
    # Nothing at all.
    "The port was closed on Monday after the storm.",
    "Officials said the ceasefire would hold.",
]


def _story(text):
    return [
        m for k, article in enumerate(text.split(" || ")) for m in group_mentions(f"a{k}", article)
    ]


@pytest.mark.parametrize(("text", "expected"), SLIPS)
def test_attributes_slip_is_found(text, expected):
    slips = attribute_slips(_story(text))
    assert [(a.text, b.text) for a, b in slips] == [expected]
    lone, other = slips[0]
    assert lone.nationality != other.nationality


@pytest.mark.parametrize("text", NO_SLIPS)
def test_attributes_no_false_alarm(text):
    assert attribute_slips(_story(text)) == []


def test_attributes_mention_offsets_point_into_the_text():
    text = "Ukraine holds at least two wounded South Korean POWs in its custody."
    (mention,) = group_mentions("a", text)
    assert text[mention.start : mention.end] == mention.text == "two wounded South Korean POWs"
    assert mention.nationality == "south korea"
    assert mention.number == 2
    assert mention.events == {"capture", "casualty"}


def test_attributes_demonyms_come_from_the_lexicon():
    from credence.features.lexicon import rows

    demonyms = {row[0]: row[1] for row in rows("demonyms")}
    assert demonyms["north korean"] == "north korea"
    assert demonyms["ukrainians"] == "ukraine"
