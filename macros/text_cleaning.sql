{#- Text as landed: trimmed, with empty strings as null. -#}
{% macro clean_text(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}

{#- A code as landed: trimmed, upper case, empty as null. -#}
{% macro clean_code(column) -%}
    upper(nullif(trim({{ column }}), ''))
{%- endmacro %}

{#- A name reduced to its letters, lower case, without accents (Zoë and Zoe,
    O'Brien and OBrien, Smith-Jones and Smith Jones are one key): the key for
    exact matching. -#}
{% macro name_key(column) -%}
    {{ return(adapter.dispatch('name_key', 'cmoe')(column)) }}
{%- endmacro %}

{% macro default__name_key(column) -%}
    nullif(regexp_replace(lower({{ column }}), '[^a-z]', ''), '')
{%- endmacro %}

{% macro duckdb__name_key(column) -%}
    nullif(
        regexp_replace(strip_accents(lower({{ column }})), '[^a-z]', '', 'g'),
        ''
    )
{%- endmacro %}

{#- Spark has no strip_accents: the accented Latin letters are mapped to
    their base letters (Latin-1 and Latin Extended-A's common ones; as
    strip_accents, ł and ø have none and go). -#}
{% macro spark__name_key(column) -%}
    nullif(
        regexp_replace(
            translate(
                lower({{ column }}),
                'àáâãäåāăąçćčďèéêëēėęěìíîïīįñńňòóôõöōőŕřśšşťùúûüūůűųýÿźżž',
                'aaaaaaaaacccdeeeeeeeeiiiiiinnnooooooorrssstuuuuuuuuyyzzz'
            ),
            '[^a-z]', ''
        ),
        ''
    )
{%- endmacro %}

{#- Y/N flags as booleans; anything else null. -#}
{% macro yes_no(column) -%}
    case upper(trim({{ column }})) when 'Y' then true when 'N' then false end
{%- endmacro %}

{#- True when the text matches the regular expression. -#}
{% macro matches_pattern(column, pattern) -%}
    {{ return(adapter.dispatch('matches_pattern', 'cmoe')(column, pattern)) }}
{%- endmacro %}

{% macro default__matches_pattern(column, pattern) -%}
    ({{ column }} ~ '{{ pattern }}')
{%- endmacro %}

{% macro duckdb__matches_pattern(column, pattern) -%}
    regexp_matches({{ column }}, '{{ pattern }}')
{%- endmacro %}

{% macro spark__matches_pattern(column, pattern) -%}
    ({{ column }} rlike '{{ pattern }}')
{%- endmacro %}

{#- A pseudonymous identifier: a salted hash, so that the id of a child can be
    shared with a BI tool without the identifiers it was made from. Set the
    salt (var pseudonym_salt) to a secret of your own for real data. -#}
{% macro pseudonym(prefix, column) -%}
    concat(
        '{{ prefix }}',
        upper(substr(
            md5(concat('{{ var("pseudonym_salt") }}', {{ column }})), 1, 12
        ))
    )
{%- endmacro %}

{#- `materialized` for a CTE used more than once, where the engine knows it. -#}
{% macro materialized_cte() -%}
    {{ return(adapter.dispatch('materialized_cte', 'cmoe')()) }}
{%- endmacro %}

{% macro default__materialized_cte() -%}{%- endmacro %}

{% macro duckdb__materialized_cte() -%}materialized{%- endmacro %}

{% macro postgres__materialized_cte() -%}materialized{%- endmacro %}

{#- An identifier made from a source system's own reference: the prefix and
    the reference, or the landed row when there is none. A reference that
    repeats (the arrival checks flag it) is told apart by its landed row, so
    that ids stay unique and the build goes on. Uses a window (in a grouped
    select, over the grouped rows: pass aggregates). -#}
{% macro reference_id(prefix, reference, record_id) -%}
    case
        when {{ reference }} is null
            then concat('{{ prefix }}', {{ record_id }})
        when count(*) over (partition by {{ reference }}) > 1
            then concat('{{ prefix }}', {{ reference }}, '@', {{ record_id }})
        else concat('{{ prefix }}', {{ reference }})
    end
{%- endmacro %}

{#- Every match of the pattern replaced (engines differ in whether that needs
    a flag). -#}
{% macro regexp_replace_all(column, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'cmoe')(
        column, pattern, replacement
    )) }}
{%- endmacro %}

{% macro default__regexp_replace_all(column, pattern, replacement) -%}
    regexp_replace({{ column }}, '{{ pattern }}', '{{ replacement }}')
{%- endmacro %}

{% macro duckdb__regexp_replace_all(column, pattern, replacement) -%}
    regexp_replace({{ column }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{% macro postgres__regexp_replace_all(column, pattern, replacement) -%}
    regexp_replace({{ column }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{#- How a name key sounds, by Soundex (Russell's code, as the US census and
    genealogists use it): the first letter and the codes of the next three
    consonant sounds, so that Lewis and Louis, Owen and Owain share a code
    (L200, O500). Vowels part two equal codes; h and w do not. -#}
{% macro sound_key(name_key) -%}
    {#- every letter's code (h and w none), then each run of one code as one -#}
    {%- set codes = namespace(sql="translate(" ~ name_key
        ~ ", 'aeiouybfpvcgjkqsxzdtlmnrhw', '000000111122222222334556')") -%}
    {%- for digit in range(7) -%}
        {%- set codes.sql = regexp_replace_all(
            codes.sql, digit ~ '+', digit | string
        ) -%}
    {%- endfor -%}
    case when {{ name_key }} is not null then substr(rpad(concat(
        upper(substr({{ name_key }}, 1, 1)),
        replace(substr({{ codes.sql }}, 2), '0', '')
    ), 4, '0'), 1, 4) end
{%- endmacro %}

{#- An LA's name as a key across DfE's releases: its name key without the
    words that come and go ('Bristol City of', 'Bristol, City of';
    'Durham', 'County Durham'; 'Herefordshire, County of'). -#}
{% macro la_name_key(column) -%}
    {{ regexp_replace_all(name_key(column), '(cityof|countyof|^county)', '') }}
{%- endmacro %}
