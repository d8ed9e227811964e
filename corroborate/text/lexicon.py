"""The English words every stage reads text with, each list written once.

Claim extraction, the matcher, the full-text prefilter and the query builder must agree on what
spells a month, a number or a scale; when each kept its own copy they drifted apart by hand.
Word lists only: the patterns built from them live in dates.py and quantities.py.

The stance model keeps its own stop-words and stemmer (evidence/stance_features.py,
evidence/stance_stemmer.py): it was trained on them, so they are frozen with it.
"""

from __future__ import annotations

# Every spelling of a month / weekday, the full name first: reports write "Sept. 3", "Thurs".
MONTH_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"),
)  # fmt: skip
WEEKDAY_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
    ("thursday", "thu", "thur", "thurs"), ("friday", "fri"), ("saturday", "sat"),
    ("sunday", "sun"),
)  # fmt: skip
MONTHS = {
    spelling: number
    for number, spellings in enumerate(MONTH_SPELLINGS, start=1)
    for spelling in spellings
}  # any spelling -> 1..12
WEEKDAYS = {
    spelling: number for number, spellings in enumerate(WEEKDAY_SPELLINGS) for spelling in spellings
}  # any spelling -> 0 (Monday)..6
# Full names only: "Sun", "Sat" or "Wed" alone are as often a name or a word as a weekday.
WEEKDAY_NAMES = tuple(spellings[0] for spellings in WEEKDAY_SPELLINGS)

# Spelled-out numbers: the word's position is its value ("zero" .. "nineteen").
SMALL_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()  # 20, 30, .. 90
NUMBER_WORDS = {word: value for value, word in enumerate(SMALL_NUMBER_WORDS)}
NUMBER_WORDS |= {word: 20 + 10 * index for index, word in enumerate(TENS_WORDS)}
NUMBER_WORDS["dozen"] = 12

# Scale words, each with its size and the short forms written after digits ("$4.5m", "8k").
SCALE_SPELLINGS: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("hundred", 1e2, ()), ("thousand", 1e3, ("k",)), ("million", 1e6, ("m", "mn")),
    ("billion", 1e9, ("bn",)), ("trillion", 1e12, ("tn",)),
)  # fmt: skip
SCALES = {word: size for name, size, short in SCALE_SPELLINGS for word in (name, *short)}

CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
# A unit word (singular) -> the unit a quantity is compared in.
UNITS = {
    "%": "%", "percent": "%", "per cent": "%", "km": "km", "kilometre": "km", "kilometer": "km",
    "mile": "mile", "metre": "m", "meter": "m", "kg": "kg", "tonne": "t", "ton": "t",
    "dollar": "USD", "euro": "EUR", "pound": "GBP", "hour": "hour", "day": "day",
    "week": "week", "month": "month", "year": "year",
}  # fmt: skip
# What may follow a number and make it a figure a claim commits to ("8,000 residents", "5 km",
# "14 killed"), as a regex alternation: some are two words or an optional plural.
FIGURE_WORDS_PATTERN = (
    r"%|percent|per\s+cent|percentage\s+points?|million|billion|trillion|thousand|hundred"
    r"|km|kilometres?|kilometers?|miles?|metres?|meters?|kg|kilograms?|tons?|tonnes?"
    r"|degrees?|people|persons|killed|dead|deaths|died|injured|wounded|missing|troops"
    r"|soldiers|civilians|children|residents|homes|houses|votes|seats|points|goals|years?"
    r"|days?|hours?|months?|weeks?|dollars|euros|pounds|barrels|cases|patients|jobs"
    r"|magnitude|mph|km/h|feet|ft|acres|hectares|megawatts|mw|gw"
)

COMPANY_SUFFIXES = frozenset(
    "co corp corporation inc incorporated ltd limited llc plc ag sa gmbh group company".split()
)

# -- stop-word lists: one per purpose ----------------------------------------------------------

# Words that carry no claim content: left out of a claim's content words (headline echoes, search
# keywords) and trimmed from the edges of names.
NOT_CONTENT_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    upon very was we were what when where which while who whom why will with would you your
    yours yourself amid among amongst across along around via per since though although
    whether yet still even ever also may might must shall this that said says say told tells
    according including include includes new one like well many much further""".split()
)
# Words in almost every news story: as search terms they narrow nothing and only make
# AND-queries fail.
GENERIC_NEWS_WORDS = frozenset(
    """officials official government leader leaders people report reports reported reporting
    statement statements according ongoing significant important importance move development
    developments situation part time times year years week weeks day days month months
    alongside amid further various several recent recently latest major key made make makes
    told tells saying announced confirmed added noted described emphasized emphasised
    news story update updates today yesterday tomorrow however although while another
    least most took take takes taken taking place put puts set sets get gets got give gave
    given come came comes go goes went gone going see saw seen seeing know known think want
    wants use used uses using find found show shows showed call called calls try tried ask
    asked need needs feel felt become became leave left keep kept begin began began seem seemed
    help helped turn turned start started run ran hold held bring brought happen happened
    include included continue continued remain remained away back still just also even well
    way ways thing things number numbers lot lots kind sort point points area areas group groups
    first second third last next early late earlier later former current good bad big small
    high low long short great little large old young able likely possible whole full certain
    clear real own different same such other others around across around almost nearly about
    night morning evening afternoon twice once again already soon moment moments hour hours
    minute minutes""".split()
)
# Words too common to select sentences by in the full-text index, for a claim without key terms.
TOO_COMMON_TO_SEARCH = frozenset(
    "the and for with that from was were has have had its are but not this which who will "
    "would said says after before over about than into".split()
)
# Words after a number that name nothing it counts ("37 are missing", "at 9 am").
NOT_COUNTED_WORDS = frozenset(
    "a an the and or of to in on at by for from with as is are was were be been had has have "
    "am pm a.m p.m o'clock".split()
)
