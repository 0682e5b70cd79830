{#- Every value has a label in one of the code_labels seed's lists: the pages
    and workbooks show the label, so a code added without one (a new
    register's source_table) fails here, not as a blank on a page. -#}
{% test labelled_in_code_list(model, column_name, code_list) %}

with

labels as (
    select code from {{ ref('code_labels') }}
    where code_list = '{{ code_list }}'
)

select distinct tested.{{ column_name }}
from {{ model }} as tested
left join labels
    on tested.{{ column_name }} = labels.code
where
    tested.{{ column_name }} is not null
    and labels.code is null

{% endtest %}
