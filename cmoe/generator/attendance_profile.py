"""The attendance the generator aims at: Wiltshire's published figures, and every rate drawn from them.

The published figures are DfE's year-to-date attendance data for 2025/26
(explore education statistics; the attendance-data-dashboard's
data/EES_ytd_data.csv, week 26, copied as
reference/dfe/attendance_la_ytd_2025_26.csv): the rows of Wiltshire
(new_la_code E06000054, old_la_code 865) for education_phase Total, Primary,
Secondary and Special. Sessions are the file's own columns: present_sessions
(which includes late, L), approved_educational_activity,
authorised_absence (of which reason_i_authorised_illness), unauthorised_absence,
possible_sessions, one reason_<code>_* column per code, and pa_perc (the
share of enrolments absent for 10 % or more of their own possible sessions).

The generator draws marks by phase of school at the published rate of each
code (`register_rates`), with the adjustments the simulated history needs
written beside them, and spreads absence over pupils with a right-skewed
propensity whose spread is set so that the share of persistent absentees
comes out at the published pa_perc.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PublishedAttendance:
    """One row of DfE's attendance data: sessions by category and by code."""

    label: str
    possible: int
    present: int  # present_sessions: / \ and L
    approved_educational_activity: int
    authorised: int
    illness: int  # reason_i_authorised_illness, part of authorised
    unauthorised: int
    persistent_absence_percent: float  # pa_perc
    sessions_by_code: dict[str, int]  # reason_<code>_* columns; the 2024 code set, plus H and J

    def share(self, sessions: int) -> float:
        """Sessions as a share of possible sessions."""
        return sessions / self.possible

    def code_share(self, code: str) -> float:
        return self.share(self.sessions_by_code[code])

    @property
    def category_shares(self) -> dict[str, float]:
        """Each category as a share of possible sessions, and the persistent absentees' share (MIX_LABELS)."""
        return {
            "present": self.share(self.present),
            "aea": self.share(self.approved_educational_activity),
            "authorised": self.share(self.authorised),
            "illness": self.share(self.illness),
            "unauthorised": self.share(self.unauthorised),
            "persistent_absentees": self.persistent_absence_percent / 100,
        }


# The attendance mix: what each share is of.
MIX_LABELS = {
    "present": "present (incl. late)",
    "aea": "approved educational activity",
    "authorised": "authorised absence",
    "illness": "of which illness",
    "unauthorised": "unauthorised absence",
    "persistent_absentees": "persistent absentees (of enrolments)",
}


def _sessions(**by_code: int) -> dict[str, int]:
    """Code columns, named in Python as the codes are (C1 as C1, the present marks as SLASH...)."""
    names = {"SLASH": "/", "BACKSLASH": "\\"}
    return {names.get(name, name): sessions for name, sessions in by_code.items()}


# attendance_la_ytd_2025_26.csv, row E06000054 Wiltshire, education_phase Total.
WILTSHIRE_2025_26_TOTAL = PublishedAttendance(
    label="Wiltshire 2025/26 (DfE, year to date, week 26)",
    possible=20_190_598,
    present=18_509_867,
    approved_educational_activity=309_472,
    authorised=972_965,
    illness=642_879,
    unauthorised=398_294,
    persistent_absence_percent=16.7694841897871,
    sessions_by_code=_sessions(
        SLASH=9_089_577, BACKSLASH=9_140_707, L=279_583,
        K=21_748, V=143_817, P=26_338, W=34_612, B=82_957, J=0,
        I=642_879, M=76_779, R=2_383, S=7_091, T=1_337, H=60, E=20_625, C=116_589, C1=415, J1=3_027,
        C2=101_780,
        G=65_804, U=41_241, O=276_735, N=14_514,
    ),
)  # fmt: skip

# The same file, Wiltshire's Primary, Secondary and Special rows: absence rises with phase.
WILTSHIRE_2025_26_PRIMARY = PublishedAttendance(
    label="Wiltshire 2025/26 primary",
    possible=10_895_205,
    present=10_224_663,
    approved_educational_activity=147_214,
    authorised=405_162,
    illness=289_684,
    unauthorised=118_166,
    persistent_absence_percent=10.5892791579978,
    sessions_by_code=_sessions(
        SLASH=5_064_153, BACKSLASH=5_083_239, L=77_271,
        K=5_147, V=86_235, P=12_719, W=1, B=43_112, J=0,
        I=289_684, M=30_595, R=1_343, S=17, T=858, H=60, E=2_978, C=51_181, C1=188, J1=1_312, C2=26_946,
        G=47_318, U=15_623, O=49_774, N=5_451,
    ),
)  # fmt: skip
WILTSHIRE_2025_26_SECONDARY = PublishedAttendance(
    label="Wiltshire 2025/26 secondary",
    possible=8_916_863,
    present=7_955_086,
    approved_educational_activity=155_460,
    authorised=533_254,
    illness=336_291,
    unauthorised=273_063,
    persistent_absence_percent=23.4762176018228,
    sessions_by_code=_sessions(
        SLASH=3_859_688, BACKSLASH=3_893_927, L=201_471,
        K=16_385, V=56_323, P=13_352, W=34_094, B=35_306, J=0,
        I=336_291, M=43_013, R=931, S=6_944, T=479, H=0, E=17_243, C=61_159, C1=224, J1=1_603, C2=65_367,
        G=17_292, U=25_378, O=221_482, N=8_911,
    ),
)  # fmt: skip
WILTSHIRE_2025_26_SPECIAL = PublishedAttendance(
    label="Wiltshire 2025/26 special",
    possible=378_530,
    present=330_118,
    approved_educational_activity=6_798,
    authorised=34_549,
    illness=16_904,
    unauthorised=7_065,
    persistent_absence_percent=28.6086956521739,
    sessions_by_code=_sessions(
        SLASH=165_736, BACKSLASH=163_541, L=841,
        K=216, V=1_259, P=267, W=517, B=4_539, J=0,
        I=16_904, M=3_171, R=109, S=130, T=0, H=0, E=404, C=4_249, C1=3, J1=112, C2=9_467,
        G=1_194, U=240, O=5_479, N=152,
    ),
)  # fmt: skip

PUBLISHED_BY_PHASE = {
    "primary": WILTSHIRE_2025_26_PRIMARY,
    "secondary": WILTSHIRE_2025_26_SECONDARY,
    "special": WILTSHIRE_2025_26_SPECIAL,
}
PHASES = tuple(PUBLISHED_BY_PHASE)
# Pupil referral units and the hospital school are not in these rows; they
# are drawn like special schools, the phase with the most absence.
DRAWN_AS = {"alternative_provision": "special", "hospital": "special"}


def drawn_phase(school_phase: str) -> str:
    """The phase whose rates a school's registers are drawn at."""
    return DRAWN_AS.get(school_phase, school_phase)


# --- How the marks are drawn ----------------------------------------------------------------------

# What the history writes itself is not drawn again: part-time timetables (C2;
# C before the 2024 codes) come from its REP cases, suspensions (E) from its
# exclusions, education arranged by the LA (K; B before) from its medical
# cases and permanent exclusions. Its missing-education runs write about
# 0.05 % of possible sessions as O, which the O drawn leaves room for. N comes
# only from absences not yet explained when the feed was extracted.
MISSING_EDUCATION_SHARE = 0.0005

# Marks drawn first are partly overwritten by later ones (a pupil off ill is
# not also on a trip; an INSET day closes the school), and the most absent
# pupils' absences overlap: each family of draws is raised by what it loses,
# measured on the default scenario's 2021/22. Absence in secondary and special
# schools is the more concentrated in a few pupils, and loses more.
_PRIMARY_ALLOWANCE = {"activity": 1.05, "illness": 1.08, "absence": 1.05, "late": 1.2}
_SECONDARY_ALLOWANCE = {"activity": 1.2, "illness": 1.4, "absence": 1.35, "late": 1.6}
OVERWRITE_ALLOWANCE = {
    "primary": _PRIMARY_ALLOWANCE,
    "secondary": _SECONDARY_ALLOWANCE,
    "special": _SECONDARY_ALLOWANCE,
}


@dataclass(frozen=True)
class RegisterRates:
    """Shares of possible sessions the generator draws each code at, for one phase."""

    illness: float
    unauthorised_other: float  # O
    holiday_not_agreed: float  # G
    holiday_agreed: float  # H, before the 2024 codes only
    late_before_close: float  # L
    late_after_close: float  # U
    appointment: float  # M
    leave: float  # C
    religious: float  # R
    mobile_child: float  # T
    performance_abroad: float  # C1
    interview: float  # J1 (J before the 2024 codes)
    trip: float  # V
    sport: float  # P
    off_site: float  # B
    work_experience: float  # W
    study_leave: float  # S


def register_rates(published: PublishedAttendance, allowance: dict[str, float]) -> RegisterRates:
    """The draw rates of one phase: the published share of each code, adjusted where said."""
    activity, illness, absence, late = (
        allowance[family] for family in ("activity", "illness", "absence", "late")
    )
    share = published.code_share
    return RegisterRates(
        illness=illness * share("I"),
        unauthorised_other=absence * max(share("O") - MISSING_EDUCATION_SHARE, 0.0),
        holiday_not_agreed=absence * share("G"),
        # Agreed holidays (H) were rare before 2024 too: leave had to be exceptional
        # from 2013. DfE's 2025/26 file still counts a few (60 sessions in Wiltshire).
        holiday_agreed=0.0004,
        late_before_close=late * share("L"),
        late_after_close=absence * share("U"),
        appointment=absence * share("M"),
        leave=absence * share("C"),
        religious=share("R"),
        mobile_child=share("T"),
        performance_abroad=share("C1"),
        interview=share("J1"),
        trip=activity * share("V"),
        sport=activity * share("P"),
        # B and K were one code (B) before 2024. The history's medical tuition and
        # permanent exclusions write far less K than the published share: B carries it.
        off_site=activity * (share("B") + share("K")),
        work_experience=activity * share("W"),
        study_leave=share("S"),
    )


RATES_BY_PHASE = {
    phase: register_rates(published, OVERWRITE_ALLOWANCE[phase])
    for phase, published in PUBLISHED_BY_PHASE.items()
}

# Absence is spread over pupils by a propensity: lognormal with mean 1 and this
# sigma (most pupils a little absent, a long tail of a few very absent). Set so
# that the share of persistent absentees comes out at the published pa_perc
# (primary 10.6 %, secondary 23.5 %, special 28.6 %).
PROPENSITY_SIGMA = {"primary": 0.55, "secondary": 1.6, "special": 1.3}
# Year to year a pupil's propensity drifts: a gamma factor of mean 1 on top.
YEARLY_DRIFT_SHAPE = 6.0
# In mainstream schools pupils with SEN support (K) or an EHC plan (E) are
# absent more; the factors are divided by their mean over pupils (84 % N, 13 %
# K, 3 % E) so the rates stay. Special schools' own rates already say it.
SEN_FACTOR = {"N": 1.0, "K": 1.3, "E": 1.6}
SEN_SHARE = {"N": 0.84, "K": 0.13, "E": 0.03}
SEN_FACTOR_PHASES = ("primary", "secondary")

# Unauthorised absence (O) comes as whole days, afternoons and spells of a few
# days (shares of the O rate); a spell runs this many school days on average.
UNAUTHORISED_DAYS, UNAUTHORISED_AFTERNOONS, UNAUTHORISED_SPELLS = 0.5, 0.25, 0.25
UNAUTHORISED_SPELL_MEAN_DAYS = 3.0

# Spell lengths in school days.
ILLNESS_SPELL_MEAN_DAYS = 2.0
HOLIDAY_DAYS = 5
MOBILE_SPELL_DAYS = 8

# Illness is a winter affair: a factor by month (September = 9), mean about 1
# over the school year.
ILLNESS_BY_MONTH = {
    9: 0.75,
    10: 1.0,
    11: 1.15,
    12: 1.3,
    1: 1.2,
    2: 1.1,
    3: 1.0,
    4: 0.9,
    5: 0.85,
    6: 0.85,
    7: 0.8,
}

# Group events: a year group's trip day, a school closed by snow, a year 10
# work-experience week; and year 11 study leave.
TRIP_PARTICIPATION = 0.9
WORK_EXPERIENCE_PARTICIPATION = 0.6
STUDY_LEAVE_PUPILS = 0.06  # year 11 pupils given study leave in the exam season (May, June) ...
STUDY_LEAVE_DAYS = 0.3  # ... on this share of its school days
SNOW_CLOSURE_PER_WINTER_DAY = 0.002  # a school unexpectedly closed (Y; Y4 from 2024)

# Not required to attend (X): reception children start part time, and year 11
# have left once compulsory school age ends (last Friday in June).
RECEPTION_PART_TIME = 0.6  # share of reception children on afternoons off at first
RECEPTION_PART_TIME_DAYS = (5, 11)  # for this many school days (low, high)
# Covid-era X: the lockdowns (events.CLOSURES) and self-isolation, which schools
# recorded as X until the end of March 2022 (DfE absence methodology).
ISOLATION_START_PER_DAY = 0.0016
ISOLATION_DAYS = 8
LOCKDOWN_ATTENDING = 0.15  # vulnerable and key workers' children kept coming

# Interviews (J1) are for years 10 and 11, about two fifths of a secondary school.
INTERVIEWING_YEAR_GROUPS_SHARE = 0.4

# Rare codes, per pupil-day (Y before the 2024 codes).
UNAVOIDABLE_PER_DAY = {"Y1": 0.0001, "Y2": 0.00005, "Y3": 0.00002, "Y6": 0.00002, "Y7": 0.00005, "Q": 0.00002}
DETENTION_START_PER_DAY = 0.000005  # Y5, secondary pupils, spells of a few weeks
DETENTION_DAYS = 20
MOBILE_PUPILS = 0.002  # pupils of mobile families (T)
NOT_YET_ON_ROLL_FIRST_SESSION = 0.1  # mid-year joiners whose first morning is Z

# N: absences without a reason yet. In the last five school days before the
# extract most are still N (by school days before the extract: 1, 2, ... 5);
# further back a few were never resolved.
UNRESOLVED_BY_AGE = (0.8, 0.6, 0.45, 0.3, 0.2)
NEVER_RESOLVED = 0.01  # of unauthorised (O, G) and illness sessions before that

# Marks no register should hold, per pupil-day: a code on no list (?), a 2024
# code before 19 August 2024 (K, C2: each), a withdrawn 2006 code after it (H, J, Y: each).
UNKNOWN_CODE_PER_DAY = 0.000006
EARLY_CODE_PER_DAY = 0.000004
WITHDRAWN_CODE_PER_DAY = 0.00003
