-- One row per spell of education provision of any kind
-- (int_provision_spells_unioned), for BI tools and reports.
with

spells as (
    select * from {{ ref('int_provision_spells_unioned') }}
)

select * from spells
