{#-
    Materialization `greedy_limit_split`: splits the connected components that hold more
    identifiers of a type than the type allows, by cutting their weakest links by rule.

    The model's SQL returns the candidate edges of the over-limit components, one row per edge:
        component_id bigint, edge_rank integer (1 = strongest link within its component),
        src_node bigint, dst_node bigint,
        src_type_key varchar, dst_type_key varchar (the identifier type of each end),
        src_type_limit integer, dst_type_limit integer (null = unlimited).
    Edges are added strongest first (Kruskal-style): an edge whose two groups would together hold
    more identifiers of a limited type than allowed is cut; every other edge joins its groups. Each
    iteration handles the next edge of every component at once, so the loop runs as many times as
    the largest over-limit component has edges, not once per edge overall.

    Output: node_id, component_id, group_id (the smallest node id of the node's final group).
    Nodes of components within their limits are not in the input and not in the output.
-#}
{% materialization greedy_limit_split, default %}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set max_iterations = config.get('max_iterations', 10000) | int -%}
    {%- set edges = northstar_work_relation('edges') -%}
    {%- set nodes = northstar_work_relation('nodes') -%}
    {%- set labels = northstar_work_relation('labels') -%}
    {%- set merges = northstar_work_relation('merges') -%}
    {%- set staging_relation = northstar_work_relation('result') -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- for rel in [edges, nodes, labels, merges, staging_relation] -%}
        {% do adapter.drop_relation(rel) %}
    {%- endfor -%}

    {% do run_query(get_create_table_as_sql(False, edges, sql)) %}
    {% do run_query(get_create_table_as_sql(False, nodes, northstar_split_nodes_sql(edges))) %}
    {% do run_query(get_create_table_as_sql(False, labels,
        "select node_id, component_id, node_id as label from " ~ nodes)) %}

    {%- set max_rank = run_query("select coalesce(max(edge_rank), 0) from " ~ edges)
        .columns[0].values()[0] | int -%}
    {%- if max_rank > max_iterations -%}
        {{ exceptions.raise_compiler_error(
            "Model " ~ model.name ~ ": an over-limit component has " ~ max_rank
            ~ " links to weigh, more than max_iterations=" ~ max_iterations
            ~ ". Raise max_iterations in the model config, or block the value that joins so much"
            ~ " (seeds/reference/blocked_identifier_values.csv, identity_settings.csv)."
        ) }}
    {%- endif -%}
    {{ log("greedy_limit_split " ~ model.name ~ ": " ~ max_rank ~ " iterations", info=false) }}

    {%- for rank in range(1, max_rank + 1) -%}
        {% do adapter.drop_relation(merges) %}
        {% do run_query(get_create_table_as_sql(
            False, merges, northstar_split_merges_sql(edges, nodes, labels, rank))) %}
        {% do run_query(northstar_split_apply_merges_sql(labels, merges)) %}
    {%- endfor -%}

    {% call statement('main') -%}
        {{ get_create_table_as_sql(False, staging_relation,
            "select node_id, component_id, label as group_id from " ~ labels) }}
    {%- endcall %}
    {% set existing = adapter.get_relation(
        database=target_relation.database, schema=target_relation.schema,
        identifier=target_relation.identifier) %}
    {% if existing is not none %}
        {% do adapter.drop_relation(existing) %}
    {% endif %}
    {{ adapter.rename_relation(staging_relation, target_relation) }}

    {%- for rel in [edges, nodes, labels, merges] -%}
        {% do adapter.drop_relation(rel) %}
    {%- endfor -%}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
