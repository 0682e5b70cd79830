{#- The model has as many rows as another: no row lost and none doubled by
    a join on the way (a cheap check where a key test would sort tens of
    millions of keys). -#}
{% test row_count_equals(model, compare_model) %}

with

counts as (
    select
        (select count(*) from {{ model }}) as model_rows,
        (select count(*) from {{ compare_model }}) as compared_rows
)

select *
from counts
where model_rows != compared_rows

{% endtest %}
