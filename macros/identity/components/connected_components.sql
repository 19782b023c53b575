{#-
    Materialization `connected_components`: the connected components of an undirected graph, in
    the warehouse, by iterative randomised min-label contraction (label propagation with
    contraction; Bögeholz et al., "In-database connected component analysis", ICDE 2020).

    The model's SQL returns edges `src_node, dst_node` (bigint node ids below 2^31 - 1; a self
    loop just declares a node). Each round every node of the working edge set takes as its label
    the neighbour (or itself) with the smallest round-salted hash — a bijection, so no ties — and
    the edges are rewritten between labels, dropping self loops and duplicates: components that
    have finished leave the working set. On a chain the working set shrinks by a constant factor
    per round, so 10,000 hops take a few dozen rounds, not thousands. When no edge is left the
    per-round labels are composed from the last (smallest) round back to the first, and each
    component is named after its smallest node id, so the result is the same on every warehouse.

    Config: max_rounds (default 64): reaching it with edges left fails the model with the rounds
    and the edges remaining; a half-converged answer is never written.
    Output: node_id, component_id. A `<model>__stats` table keeps rounds, nodes, edges and the
    largest component of the last build.
-#}
{% materialization connected_components, default %}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set max_rounds = config.get('max_rounds', 64) | int -%}
    {%- set salts = northstar_cc_salts() -%}
    {%- if max_rounds > salts | length -%}
        {{ exceptions.raise_compiler_error(
            "Model " ~ model.name ~ ": max_rounds may be at most " ~ (salts | length)) }}
    {%- endif -%}
    {%- set nodes = northstar_work_relation('cc_nodes') -%}
    {%- set result = northstar_work_relation('cc_result') -%}
    {%- set stats = northstar_work_relation('stats') -%}
    {%- set started_at = modules.datetime.datetime.now() -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- for rel in [nodes, result] + northstar_cc_round_relations(max_rounds + 1) -%}
        {% do adapter.drop_relation(rel) %}
    {%- endfor -%}

    {#- Round 0: the distinct nodes, and the distinct undirected edges between different nodes. -#}
    {% do run_query(get_create_table_as_sql(False, nodes,
        "select distinct node_id from (select src_node as node_id from (" ~ sql ~ ") as g"
        ~ " union all select dst_node from (" ~ sql ~ ") as g) as ends")) %}
    {%- set edges = northstar_cc_round_relations(1)[0] -%}
    {% do run_query(get_create_table_as_sql(False, edges, northstar_cc_initial_edges_sql(sql))) %}
    {% do northstar_analyze(edges) %}
    {%- set initial_edges = northstar_cc_count(edges) -%}
    {%- set ns = namespace(rounds=0, remaining=initial_edges) -%}

    {%- for round in range(max_rounds) -%}
        {%- if ns.remaining == 0 -%}{%- break -%}{%- endif -%}
        {%- set edges = northstar_work_relation('cc_e' ~ round) -%}
        {%- set labels = northstar_work_relation('cc_m' ~ round) -%}
        {%- set next_edges = northstar_work_relation('cc_e' ~ (round + 1)) -%}
        {% do run_query(get_create_table_as_sql(False, labels,
            northstar_cc_labels_sql(edges, salts[round][0], salts[round][1]))) %}
        {% do northstar_analyze(labels) %}
        {% do run_query(get_create_table_as_sql(False, next_edges,
            northstar_cc_contract_sql(edges, labels))) %}
        {% do northstar_analyze(next_edges) %}
        {%- set ns.rounds = round + 1 -%}
        {%- set ns.remaining = northstar_cc_count(next_edges) -%}
    {%- endfor -%}

    {%- if ns.remaining > 0 -%}
        {{ exceptions.raise_compiler_error(
            "Model " ~ model.name ~ " (connected_components) did not converge in max_rounds="
            ~ max_rounds ~ ": " ~ ns.remaining ~ " edges remain between unfinished components."
            ~ " No result was written. Raise max_rounds in the model config if the graph"
            ~ " really is this deep, or look for a runaway identifier in the edges.") }}
    {%- endif -%}

    {#- Compose the labels from the last round back to the first: node -> final label. -#}
    {%- set ns.composed = none -%}
    {%- for round in range(ns.rounds - 1, -1, -1) -%}
        {%- set labels = northstar_work_relation('cc_m' ~ round) -%}
        {%- set composed = northstar_work_relation('cc_f' ~ round) -%}
        {% do run_query(get_create_table_as_sql(False, composed,
            northstar_cc_compose_sql(labels, ns.composed))) %}
        {% do northstar_analyze(composed) %}
        {%- set ns.composed = composed -%}
    {%- endfor -%}

    {% call statement('main') -%}
        {{ get_create_table_as_sql(False, result, northstar_cc_result_sql(nodes, ns.composed)) }}
    {%- endcall %}
    {% set existing = adapter.get_relation(database=target_relation.database,
        schema=target_relation.schema, identifier=target_relation.identifier) %}
    {% if existing is not none %}
        {% do adapter.drop_relation(existing) %}
    {% endif %}
    {{ adapter.rename_relation(result, target_relation) }}

    {%- set seconds = (modules.datetime.datetime.now() - started_at).total_seconds() -%}
    {% do adapter.drop_relation(stats) %}
    {% do run_query(get_create_table_as_sql(False, stats,
        "select cast(" ~ ns.rounds ~ " as integer) as rounds, "
        ~ "cast(" ~ seconds ~ " as double precision) as seconds, "
        ~ "(select count(*) from " ~ nodes ~ ") as nodes, "
        ~ "cast(" ~ initial_edges ~ " as bigint) as edges, "
        ~ "(select max(size) from (select count(*) as size from " ~ target_relation
        ~ " group by component_id) as sizes) as largest_component")) %}
    {{ log("connected_components " ~ model.name ~ ": " ~ initial_edges ~ " edges converged in "
        ~ ns.rounds ~ " rounds, " ~ seconds ~ " s", info=true) }}

    {%- for rel in [nodes] + northstar_cc_round_relations(ns.rounds + 1) -%}
        {% do adapter.drop_relation(rel) %}
    {%- endfor -%}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
