{#- None of the listed columns is null (the other half of a composite key). -#}
{% test not_null_combination(model, combination_of_columns) %}

select *
from {{ model }}
where
{%- for column in combination_of_columns %}
    {{ 'or ' if not loop.first }}{{ column }} is null
{%- endfor %}

{% endtest %}
