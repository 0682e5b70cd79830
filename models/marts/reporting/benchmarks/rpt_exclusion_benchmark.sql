-- The LA's published exclusion rates beside England's and its region's, with
-- its rank and quartile band among the LAs, from DfE's exclusions files.
with

compared as (
    select * from {{ ref('int_dfe_benchmarks_compared') }}
    where publication = 'exclusions'
)

select * {{ star_except() }} (publication) from compared
