-- The LA's published attendance rates beside England's and its region's, with
-- its rank and quartile band among the LAs, from DfE's attendance files.
with

compared as (
    select * from {{ ref('int_dfe_benchmarks_compared') }}
    where publication = 'attendance'
)

select * {{ star_except() }} (publication) from compared
