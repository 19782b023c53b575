{#-
    dbt's own seed materialization, with one guard in front: a demo seed (tag `demo`) does not
    overwrite a raw table that real data was landed in. `northstar generate` (and any loader that
    follows the contract) records its tables in raw.northstar_landed_tables; a demo seed whose table
    is listed there is skipped with a log line, so `northstar generate` followed by a plain
    `dbt build` reads the generated data, while a fresh warehouse still gets the demo dataset.
-#}
{% materialization seed, default %}
    {%- if 'demo' in config.get('tags', []) and northstar_raw_table_is_landed(model['alias']) -%}
        {{ log(
            "Seed " ~ model['name'] ~ ": raw." ~ model['alias']
            ~ " holds landed data (raw.northstar_landed_tables); the demo seed is not loaded. "
            ~ "Drop that marker row or the table to load the demo again.",
            info=true
        ) }}
        {#- dbt's seed runner reads the CSV's agate table from the result: keep it there. -#}
        {%- do store_result('agate_table', response='OK', agate_table=load_agate_table()) -%}
        {% call noop_statement('main', 'SKIP landed', 'SKIP', 0) -%}
            select 1
        {%- endcall %}
        {{ return({'relations': []}) }}
    {%- endif -%}
    {{ return(dbt.materialization_seed_default()) }}
{% endmaterialization %}
