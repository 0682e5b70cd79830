-- The LA's own case systems' rows that identify a child (EHE register, CME
-- referrals, medical needs cases, AP and EOTAS placements, social care). Each
-- system knows a child by its own id: the education case system (EHE, EWS,
-- placements) by its person id, children's social care by another, the
-- medical needs service by none; all with names and date of birth and,
-- where known, the UPN.
-- The registers and their identity columns: var identity_registers.la
-- (dbt_project.yml).
with

unioned as (
    {{ identity_records_unioned(var('identity_registers')['la']) }}
)

select * from unioned
