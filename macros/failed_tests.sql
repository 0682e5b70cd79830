{#- The tests whose failing rows are flagged rather than stopping the build:
    those on staging and intermediate models that warn and keep their
    failing rows (dbt_project.yml, data_tests), but for the tests of the
    models that read those rows. Graph nodes, in a fixed order; empty while
    dbt parses. -#}
{% macro flagging_tests() %}
    {%- set tests = [] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values()
            if node.resource_type == 'test'
            and node.config.store_failures
            and node.config.severity | lower == 'warn'
            and node.attached_node in graph.nodes
            and graph.nodes[node.attached_node].fqn[1]
                in ['staging', 'intermediate']
            and 'reads_test_failures'
                not in graph.nodes[node.attached_node].tags -%}
            {%- do tests.append(node) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(tests | sort(attribute='unique_id')) }}
{% endmacro %}


{#- The flagging tests that stored at least one failing row in this build,
    each with its stored relation: one count query over them all, so that
    only the tests that failed are read again. -#}
{% macro failed_flagging_tests() %}
    {%- set stored = [] -%}
    {%- for test in flagging_tests() -%}
        {%- set failures = adapter.get_relation(
            test.database, test.schema, test.alias) -%}
        {%- if failures is not none -%}
            {%- do stored.append((test, failures)) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not stored -%}{{ return([]) }}{%- endif -%}
    {%- set counts -%}
        {%- for test, failures in stored %}
        select {{ loop.index0 }} as position, count(*) as failing_rows
        from {{ failures }}
        {{ 'union all' if not loop.last }}
        {%- endfor %}
    {%- endset -%}
    {%- set failed = [] -%}
    {%- for row in run_query(counts) if row[1] > 0 -%}
        {%- do failed.append(stored[row[0] | int]) -%}
    {%- endfor -%}
    {{ return(failed | sort(attribute='0.unique_id')) }}
{% endmacro %}


{#- The rule of fct_dq_issue (seed dq_rules) that a failed test's rows
    break: one per kind of dbt test, failed_row_test for the others. -#}
{% macro failed_test_rule(test) %}
    {%- set test_type = test.test_metadata.name -%}
    {%- set own_rule = [
        'not_null', 'accepted_values', 'unique', 'relationships'
    ] -%}
    {%- set rule = 'failed_' ~ test_type if test_type in own_rule
        else 'failed_row_test' -%}
    {{ return(rule) }}
{% endmacro %}


{#- The rows of a test's model that fail it, one select: the model, the test,
    its rule, the columns it checks, their values and the row's record id
    (a "<file>:<line>" of a landed row, where the model has one). A test that
    stores whole rows (not_null) is read as it is; one that stores values
    (unique, accepted_values, relationships, a combined key) finds its rows
    again in the model. failures: the relation of its stored rows. -#}
{% macro failed_test_rows(test, failures) %}
    {%- set model_node = graph.nodes[test.attached_node] -%}
    {%- set model = adapter.get_relation(
        model_node.database, model_node.schema, model_node.alias) -%}
    {%- set arguments = test.test_metadata.kwargs -%}
    {%- set checked = [arguments.column_name] if arguments.column_name
        else arguments.combination_of_columns -%}
    {%- set model_columns = adapter.get_columns_in_relation(model)
        | map(attribute='name') | list -%}
    {%- set stored_columns = adapter.get_columns_in_relation(failures)
        | map(attribute='name') | list -%}
    {%- set record_ids = [] -%}
    {%- for column in model_columns
        if modules.re.match('^(.*_)?record_id$', column) -%}
        {%- do record_ids.append(column) -%}
    {%- endfor -%}
    select
        '{{ model_node.name }}' as model_name,
        '{{ test.name }}' as test_name,
        '{{ failed_test_rule(test) }}' as rule_code,
        '{{ checked | join(", ") }}' as column_name,
        concat_ws(', ',
            {%- for column in checked %}
            coalesce(
                cast(failing.{{ column }} as {{ dbt.type_string() }}), 'empty'
            )
            {{- ',' if not loop.last }}
            {%- endfor %}
        ) as failing_value,
        {{ 'cast(failing.' ~ record_ids[0] ~ ' as ' ~ dbt.type_string() ~ ')'
            if record_ids
            else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as record_id
    {%- if model_columns | reject('in', stored_columns) | list | length == 0 %}
    from {{ failures }} as failing
    {%- else %}
    {#- The stored values are the checked columns, in order, then a count. #}
    from {{ model }} as failing
    where exists (
        select 1 from {{ failures }} as stored
        where
        {%- for column in checked %}
            {{ 'and ' if not loop.first -}}
            stored.{{ stored_columns[loop.index0] }}
            is not distinct from failing.{{ column }}
        {%- endfor %}
    )
    {%- endif %}
{% endmacro %}
