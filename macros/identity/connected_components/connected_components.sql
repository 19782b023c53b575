{#-
    Materialization `connected_components`: the connected components of an undirected graph,
    computed in the warehouse by randomised min-label contraction (Bögeholz, Brand, Todor,
    "In-database connected component analysis", ICDE 2020).

    The model's SQL returns edges `src_node, dst_node`: integer node ids in 0 .. 2^31 - 2; a self
    loop only declares a node; repeats and both directions are fine. The table built has
    `node_id, component_id` (bigint) for every node of the input, `component_id` being the
    smallest node id of the node's component, so the answer is the same on every warehouse.

    Each round every node of the working edges takes as label the member of its closed
    neighbourhood with the smallest round-salted hash (a bijection: no ties), and the edges are
    rewritten between labels, dropping self loops and repeats, so finished components leave the
    working set; a chain shrinks by a constant factor per round (O(log n) rounds). When no edge
    is left the per-round labels are composed from the last round back to the first, and each
    component is named after its smallest node id. Self loops only declare nodes: a node with
    no real edge is its own component and takes no part in the rounds. Round 0 ranks nodes by
    their own ids (see connected_components_salt), the later rounds by a salted hash.

    Config: max_rounds (default 100). Reaching it with edges left fails the model, naming the
    rounds and the edges left; nothing is written and an earlier build stays as it was.
    Beside the model: `<model>__stats` (rounds, seconds, input_rows, edges, nodes, components,
    largest_component of the last successful build); the work tables `<model>__cc_*` are dropped.
-#}
{% materialization connected_components, default %}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
    {%- set backup_relation = make_backup_relation(
        target_relation, 'table' if existing_relation is none else existing_relation.type) -%}
    {%- set stats_relation = api.Relation.create(
        database=this.database, schema=this.schema, identifier=this.identifier ~ '__stats',
        type='table') -%}
    {%- set max_rounds = config.get('max_rounds', 100) -%}
    {%- if max_rounds is not number or max_rounds < 1 -%}
        {{ exceptions.raise_compiler_error(
            "Model " ~ model.name ~ " (connected_components): max_rounds must be a positive"
            ~ " integer, got " ~ max_rounds) }}
    {%- endif -%}
    {%- set started_at = modules.datetime.datetime.now() -%}
    {%- set work = [] -%}

    {{ drop_relation_if_exists(load_cached_relation(intermediate_relation)) }}
    {{ drop_relation_if_exists(load_cached_relation(backup_relation)) }}
    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {#- The input, read once, and checked. -#}
    {%- set edges = connected_components_work_relation('e0') -%}
    {% do connected_components_create_work_table(edges, connected_components_input_sql(sql)) %}
    {% do work.append(edges) %}
    {%- set check = run_query(connected_components_input_check_sql(edges)).rows[0] -%}
    {%- set row_count, edge_count = check[0] | int, check[1] | int -%}
    {%- if check[2] | int > 0 -%}
        {% do connected_components_drop_work_tables(work) %}
        {{ exceptions.raise_compiler_error(
            "Model " ~ model.name ~ " (connected_components): " ~ (check[2] | int) ~ " of "
            ~ row_count ~ " edges have a src_node or dst_node that is null or outside"
            ~ " 0 .. 2147483646 (node ids must be non-negative integers below 2^31 - 1)."
            ~ " No result was written.") }}
    {%- endif -%}

    {#- Rounds: label, contract, until no edge is left (round 0 always runs: self loops). -#}
    {%- set ns = namespace(edges=edges, remaining=row_count, rounds=0) -%}
    {%- for round in range(max_rounds) -%}
        {%- if round > 0 and ns.remaining == 0 -%}{%- break -%}{%- endif -%}
        {%- set salt = connected_components_salt(round) -%}
        {%- set labels = connected_components_work_relation('m' ~ round) -%}
        {% do connected_components_create_work_table(
            labels, connected_components_labels_sql(ns.edges, salt[0], salt[1])) %}
        {%- set next_edges = connected_components_work_relation('e' ~ (round + 1)) -%}
        {% do connected_components_create_work_table(
            next_edges, connected_components_contract_sql(ns.edges, labels)) %}
        {% do work.extend([labels, next_edges]) %}
        {%- set ns.edges = next_edges -%}
        {%- set ns.remaining = connected_components_count(next_edges) -%}
        {%- set ns.rounds = round + 1 -%}
    {%- endfor -%}

    {%- if ns.remaining > 0 -%}
        {% do connected_components_drop_work_tables(work) %}
        {{ exceptions.raise_compiler_error(
            "Model " ~ model.name ~ " (connected_components) did not converge in max_rounds="
            ~ max_rounds ~ ": after " ~ ns.rounds ~ " rounds " ~ ns.remaining ~ " edges still"
            ~ " join unfinished components. No result was written; an earlier build is left as"
            ~ " it was. Raise max_rounds in the model's config if the graph really is this deep,"
            ~ " or look for a runaway identifier in the edges.") }}
    {%- endif -%}

    {#- Compose the labels from the last round back to the first: node -> final label. -#}
    {%- set ns.composed = connected_components_work_relation('m' ~ (ns.rounds - 1)) -%}
    {%- for round in range(ns.rounds - 2, -1, -1) -%}
        {%- set composed = connected_components_work_relation('f' ~ round) -%}
        {% do connected_components_create_work_table(composed, connected_components_compose_sql(
            connected_components_work_relation('m' ~ round), ns.composed)) %}
        {% do work.append(composed) %}
        {%- set ns.composed = composed -%}
    {%- endfor -%}
    {#- Nodes declared only by self loops are components of their own. -#}
    {%- set all_labels = connected_components_work_relation('a') -%}
    {% do connected_components_create_work_table(all_labels,
        "select node_id, label from " ~ ns.composed ~ " union all "
        ~ connected_components_isolated_sql(edges, connected_components_work_relation('m0'))) %}
    {% do work.append(all_labels) %}
    {%- set ns.composed = all_labels -%}
    {%- set components = connected_components_work_relation('c') -%}
    {% do connected_components_create_work_table(
        components, connected_components_sizes_sql(ns.composed)) %}
    {% do work.append(components) %}

    {% call statement('main') -%}
        {{ get_create_table_as_sql(False, intermediate_relation,
            connected_components_result_sql(ns.composed, components)) }}
    {%- endcall %}
    {% do create_indexes(intermediate_relation) %}
    {% if existing_relation is not none %}
        {% do adapter.rename_relation(existing_relation, backup_relation) %}
    {% endif %}
    {% do adapter.rename_relation(intermediate_relation, target_relation) %}

    {%- set seconds = (modules.datetime.datetime.now() - started_at).total_seconds() -%}
    {% do adapter.drop_relation(stats_relation) %}
    {% call statement('stats') -%}
        create table {{ stats_relation }} as
        {{ connected_components_stats_sql(components, ns.rounds, seconds, row_count, edge_count) }}
    {%- endcall %}
    {%- set stats = run_query(
        "select nodes, components, largest_component from " ~ stats_relation).rows[0] -%}
    {% do connected_components_drop_work_tables(work) %}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {% do apply_grants(target_relation, config.get('grants'),
        should_revoke=should_revoke(existing_relation, full_refresh_mode=True)) %}
    {% do persist_docs(target_relation, model) %}
    {{ adapter.commit() }}
    {{ drop_relation_if_exists(backup_relation) }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ log("connected_components " ~ model.name ~ ": " ~ edge_count ~ " edges, " ~ stats[0]
        ~ " nodes, " ~ stats[1] ~ " components (largest " ~ stats[2] ~ ") in " ~ ns.rounds
        ~ " rounds, " ~ '%.2f' | format(seconds) ~ " s", info=true) }}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
