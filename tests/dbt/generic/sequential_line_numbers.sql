{#- Every file's rows are numbered first_line, first_line + 1, ... with no
    gap and no number past the row count: with numbers given by the file
    reader (a row number, not a value of the data), a row doubled or lost
    on the way shows as a count that does not fit. The feed's key check: it
    reads three figures a file (from Parquet statistics where it can), where
    a full unique test sorts tens of millions of keys. -#}
{% test sequential_line_numbers(
    model, file_column, line_column, first_line=1
) %}

select
    {{ file_column }},
    count(*) as row_count,
    min({{ line_column }}) as first_line,
    max({{ line_column }}) as last_line
from {{ model }}
group by {{ file_column }}
having
    min({{ line_column }}) != {{ first_line }}
    or max({{ line_column }}) - min({{ line_column }}) + 1 != count(*)

{% endtest %}
