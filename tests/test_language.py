"""The English check: function-word share, threshold, and the warning text.

The samples are our own sentences (the same news item in each language), not corpus text.
"""

import pytest

from credence.document import Article
from credence.language import ENGLISH_SHARE_THRESHOLD, english_word_share, language_warning

SAMPLES = {
    "fr": "Le gouvernement a annoncé lundi que les troupes resteront dans la région jusqu'à la "
    "fin de l'année. Selon un communiqué publié par le ministère, environ mille soldats "
    "supplémentaires seront envoyés le mois prochain, mais aucune date précise n'a été "
    "confirmée par les autorités.",
    "de": "Die Regierung hat am Montag angekündigt, dass die Truppen bis zum Ende des Jahres in "
    "der Region bleiben werden. Nach einer Mitteilung des Ministeriums sollen im nächsten Monat "
    "etwa tausend weitere Soldaten entsandt werden, ein genaues Datum wurde jedoch nicht "
    "bestätigt.",
    "es": "El gobierno anunció el lunes que las tropas permanecerán en la región hasta el final "
    "del año. Según un comunicado publicado por el ministerio, unos mil soldados más serán "
    "enviados el próximo mes, pero las autoridades no han confirmado una fecha precisa.",
    "it": "Il governo ha annunciato lunedì che le truppe resteranno nella regione fino alla fine "
    "dell'anno. Secondo un comunicato pubblicato dal ministero, circa mille soldati in più "
    "saranno inviati il mese prossimo, ma le autorità non hanno confermato una data precisa.",
    "nl": "De regering heeft maandag aangekondigd dat de troepen tot het einde van het jaar in de "
    "regio blijven. Volgens een verklaring van het ministerie worden volgende maand ongeveer "
    "duizend extra soldaten gestuurd, maar een precieze datum is door de autoriteiten niet "
    "bevestigd.",
    "pt": "O governo anunciou na segunda-feira que as tropas vão permanecer na região até ao fim "
    "do ano. Segundo um comunicado publicado pelo ministério, cerca de mil soldados adicionais "
    "serão enviados no próximo mês, mas as autoridades não confirmaram uma data precisa.",
    "ru": "Правительство объявило в понедельник, что войска останутся в регионе до конца года. "
    "Согласно сообщению министерства, в следующем месяце будет направлено около тысячи "
    "дополнительных солдат, но точная дата не подтверждена властями.",
    "zh": "政府周一宣布，部队将在该地区停留到年底。根据该部发布的声明，下个月将再派遣大约一千名"
    "士兵，但当局尚未确认具体日期。官员表示，这一决定是在与盟国协商后作出的。外交部发言人在例行"
    "记者会上拒绝就部署规模发表评论，只说有关安排符合双方此前达成的协议。",
}
ENGLISH = (
    "The government announced on Monday that the troops would stay in the region until the "
    "end of the year. According to a statement published by the ministry, about a thousand "
    "more soldiers will be sent next month, but no precise date has been confirmed."
)


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_language_other_languages_fall_below_the_threshold(language):
    share = english_word_share(SAMPLES[language])
    assert share is not None and share < ENGLISH_SHARE_THRESHOLD
    warning = language_warning(Article(id=language, text=SAMPLES[language], source="x.txt"))
    assert warning.startswith(f"article '{language}' (x.txt) does not look like English (")
    assert "credence reads English only" in warning


def test_language_english_is_well_above_the_threshold():
    assert english_word_share(ENGLISH) > 3 * ENGLISH_SHARE_THRESHOLD
    assert language_warning(Article(id="en", text=ENGLISH)) is None


def test_language_short_text_is_not_judged():
    assert english_word_share("Le gouvernement a annoncé lundi.") is None
    assert language_warning(Article(id="s", text="Le gouvernement a annoncé lundi.")) is None


def test_language_english_quotes_in_a_foreign_article_do_not_hide_it():
    text = SAMPLES["de"] + ' Ein Sprecher sagte: "We will see."'
    assert language_warning(Article(id="de", text=text)) is not None
