-- The rows schools send that identify a child (pupil roll, reduced timetable
-- notifications, census exclusions, and the exclusion notices the LA logs):
-- schools know a child by the UPN they hold; the roll, the REP forms and the
-- notices add names and date of birth. Schools have no LA person id.
-- The registers and their identity columns: var identity_registers.school
-- (dbt_project.yml).
with

unioned as (
    {{ identity_records_unioned(var('identity_registers')['school']) }}
)

select * from unioned
