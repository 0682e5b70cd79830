-- rpt_indicator_member for the public tier: the children behind each
-- indicator value by their pseudonymous child_id alone. The case and record
-- references are left out: an LA case number (a REP or CME reference) or a
-- landed file's line names the child to anyone who can open that system.
with

members as (
    select * from {{ ref('rpt_indicator_member') }}
),

published as (
    select
        indicator_code,
        period_label,
        as_at_date,
        child_id,
        open_case_count
    from members
)

select * from published
