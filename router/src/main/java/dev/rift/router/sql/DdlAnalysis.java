package dev.rift.router.sql;

import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;
import dev.rift.cow.TypeName;
import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one DDL statement does on the branch (docs/ddl.md), as its {@link DdlCommand} and the statement's defaults and
 * foreign keys found it. Sets keep the order things were found in: the engine materializes in that order.
 *
 * @param passThrough      a session-local object: sent as it is
 * @param schemas          schemas the statement names, which need an own schema
 * @param creates          names the statement creates: qualified, or one part for the creation schema
 * @param createdKind      what {@code creates} are, when they are relations
 * @param targets          existing relations acted on by name: always pointed at an own schema, never the upstream's
 * @param materialize      upstream tables that become the branch's own first
 * @param read             upstream tables a materialized view reads: they get their entry in the top layer first, so
 *                         its query is bound to their merged relations (the branch's rows, now and after writes)
 * @param sequences        upstream sequences a default takes values from: the branch gets its own
 * @param dropsOwn         own relations the statement drops
 * @param droppedUpstream  upstream relations the statement drops: hidden, and the statement itself not sent
 * @param alsoHidden       upstream views a DROP ... CASCADE takes along, or CREATE OR REPLACE VIEW replaces
 * @param rename           {@code ALTER TABLE ... RENAME TO}
 * @param omitted          tokens left out of the statement (CONCURRENTLY)
 * @param skip             a CREATE ... IF NOT EXISTS of a name the branch has: PostgreSQL's notice instead
 * @param query            the query of CREATE VIEW or CREATE TABLE ... AS, rewritten as a query
 * @param guards           rift's statements that refuse, before the client's runs, what only the database can tell
 * @param typeCopies       upstream types the statement changes: the branch takes its own copy first
 * @param createdSchema    the schema a CREATE SCHEMA makes: rift makes it before the statement
 * @param sentInstead      what is sent in the statement's place, answered with the statement's tag
 * @param grant            a GRANT or REVOKE on branch objects: how it is sent
 */
record DdlAnalysis(boolean passThrough, Set<String> schemas, List<NameChain> creates,
                   Optional<RelationKind> createdKind, List<NameChain> targets, Set<TableId> materialize,
                   Set<TableId> read, Set<TableId> sequences, List<TableId> dropsOwn, List<TableId> droppedUpstream,
                   Set<TableId> alsoHidden, Optional<Rename> rename, List<Integer> omitted, Optional<Skip> skip,
                   Optional<Query> query, List<String> guards,
                   List<TypeName> typeCopies, Optional<String> createdSchema,
                   Optional<String> sentInstead, Optional<GrantTargets> grant) {

    record Rename(NameChain from, String to) {
    }

    /** {@code sqlState}: the notice's, as PostgreSQL gives it. */
    record Skip(String notice, String tag, String sqlState) {
    }

    /** The query between tokens {@code start} and {@code end} (-1: the statement's end). */
    record Query(StatementPlan plan, int start, int end) {
    }

    /** Whether the statement materializes or hides upstream relations (then it must run alone). */
    boolean changesUpstreamRelations() {
        return !materialize.isEmpty() || !droppedUpstream.isEmpty() || !sequences.isEmpty() || !alsoHidden.isEmpty()
                || !typeCopies.isEmpty();
    }

    /** Collects the analysis of one statement; the commands call it while they look names up. */
    static final class Builder {
        private final Tokens t;
        private final String statement;
        private final Resolver resolver;
        private final StatementParser parser;
        private final TableShapes shapes;
        private boolean passThrough;
        private final List<NameChain> creates = new ArrayList<>();
        private RelationKind createdKind;
        private final List<NameChain> targets = new ArrayList<>();
        private final Set<TableId> materialize = new LinkedHashSet<>();
        private final Set<TableId> read = new LinkedHashSet<>();
        private final Set<TableId> sequences = new LinkedHashSet<>();
        private final List<TableId> dropsOwn = new ArrayList<>();
        private final List<TableId> droppedUpstream = new ArrayList<>();
        private final Set<TableId> alsoHidden = new LinkedHashSet<>();
        private Rename rename;
        private final List<Integer> omitted = new ArrayList<>();
        private Skip skip;
        private Query query;
        private final List<String> guards = new ArrayList<>();
        private final List<TypeName> typeCopies = new ArrayList<>();
        private String createdSchema;
        private String sentInstead;
        private GrantTargets grant;

        Builder(Tokens t, String statement, Resolver resolver, StatementParser parser, TableShapes shapes) {
            this.t = t;
            this.statement = statement;
            this.resolver = resolver;
            this.parser = parser;
            this.shapes = shapes;
        }

        Resolver resolver() {
            return resolver;
        }

        TableShapes shapes() {
            return shapes;
        }

        /** The statement's name ({@code CREATE TABLE}, ...) for refusals. */
        String statement() {
            return statement;
        }

        void passThrough() {
            passThrough = true;
        }

        /** {@code kind} null: not a relation (a type, a routine, or a routine a DROP or ALTER points at the own schema). */
        void create(NameChain name, RelationKind kind) {
            creates.add(name);
            createdKind = kind;
        }

        void target(NameChain name) {
            targets.add(name);
        }

        void materialize(TableId table) {
            materialize.add(table);
        }

        void dropOwn(TableId relation) {
            dropsOwn.add(relation);
        }

        void dropUpstream(TableId relation) {
            droppedUpstream.add(relation);
        }

        void hideAlso(TableId view) {
            alsoHidden.add(view);
        }

        void rename(NameChain from, String to) {
            rename = new Rename(from, to);
        }

        void omit(int token) {
            omitted.add(token);
        }

        void skipWithNotice(String notice, String tag) {
            skip = new Skip(notice, tag, "42P07");
        }

        void skipWithNotice(String notice, String tag, String sqlState) {
            skip = new Skip(notice, tag, sqlState);
        }

        /** rift makes the schema before the statement runs; the statement itself sends nothing. */
        void createSchema(String logical) {
            createdSchema = logical;
            sendInstead("DO $rift$BEGIN END$rift$");
        }

        void grant(GrantTargets targets) {
            grant = targets;
        }

        Tokens tokens() {
            return t;
        }

        void sendInstead(String sql) {
            sentInstead = sql;
        }

        void guard(String sql) {
            guards.add(sql);
        }

        void query(int start, int end) {
            query = new Query(new QueryStatement(t.sql.substring(t.beginOf(start),
                    end < 0 ? t.sql.length() : t.beginOf(end)), parser, resolver, false), start, end);
        }

        void materializeIfUpstream(NameChain name) {
            upstreamTable(name).ifPresent(materialize::add);
        }

        void readIfUpstream(NameChain name) {
            upstreamTable(name).ifPresent(read::add);
        }

        private Optional<TableId> upstreamTable(NameChain name) {
            if (!name.decodable() || name.parts().size() > 3) {
                return Optional.empty();
            }
            List<String> parts = name.parts().size() == 3 ? name.parts().subList(1, 3) : name.parts();
            Optional<TableId> id = resolver.resolve(parts);
            if (id.isEmpty() || resolver.isOwn(id.get()) || !EnumSet.of(RelationKind.TABLE, RelationKind.PARTITIONED_TABLE).contains(resolver.kind(id.get()))
                    || "pg_catalog".equals(id.get().schema()) || "information_schema".equals(id.get().schema())) {
                return Optional.empty();
            }
            return id;
        }

        /** Refuses an upstream relation that is not being made the branch's own. */
        void mustNotBeUpstream(NameChain name, String object) {
            Optional<TableId> id = resolver.resolve(name.parts());
            if (id.isPresent() && !resolver.isOwn(id.get()) && !materialize.contains(id.get())) {
                throw Refusal.unsupported(statement + " on the upstream's " + object + " " + id.get()
                        + " is not supported on overlay branches yet");
            }
        }

        /** Types are not relations rift tracks: whether the branch made a type of this name (in its own schema). */
        boolean isOwnType(NameChain name) {
            Set<TableId> types = resolver.state().divergence().ownTypes();
            return typeSchemas(name).stream().anyMatch(s -> types.contains(new TableId(s, name.lastPart())));
        }

        /** Refuses a type the branch did not make. */
        void mustBeOwnType(NameChain name) {
            if (!isOwnType(name)) {
                throw Refusal.unsupported(statement + " of a type the branch did not create (" + name.lastPart()
                        + ") is not supported on overlay branches yet");
            }
        }

        /** An upstream type the statement changes: the branch's own copy of it shadows it first (docs/ddl.md). */
        void copyUpstreamType(NameChain name) {
            typeCopies.add(new TypeName(typeSchemas(name), name.lastPart()));
        }

        private List<String> typeSchemas(NameChain name) {
            return name.parts().size() > 1 ? List.of(name.parts().get(name.parts().size() - 2))
                    : resolver.searchPath();
        }

        /** The analysis, with what the whole statement's defaults and foreign keys name added. */
        DdlAnalysis build(List<NameChain> names) {
            sequencesInDefaults();
            referencedTables();
            Set<String> schemas = new LinkedHashSet<>();
            for (NameChain name : names) {
                if (name.parts().size() >= 2) {
                    schemas.add(name.parts().get(name.parts().size() - 2));
                }
            }
            return new DdlAnalysis(passThrough, ordered(schemas), List.copyOf(creates),
                    Optional.ofNullable(createdKind), List.copyOf(targets), ordered(materialize), ordered(read),
                    ordered(sequences),
                    List.copyOf(dropsOwn), List.copyOf(droppedUpstream), ordered(alsoHidden),
                    Optional.ofNullable(rename), List.copyOf(omitted), Optional.ofNullable(skip),
                    Optional.ofNullable(query), List.copyOf(guards),
                    List.copyOf(typeCopies), Optional.ofNullable(createdSchema),
                    Optional.ofNullable(sentInstead), Optional.ofNullable(grant));
        }

        /** A default that takes values from an upstream sequence would advance it: the branch gets its own. */
        private void sequencesInDefaults() {
            for (int i = 0; i + 2 < t.size(); i++) {
                if (t.get(i).kind() == Kind.IDENT && t.get(i).value().matches("nextval|setval|currval")
                        && t.is(i + 1, Kind.LPAREN) && t.is(i + 2, Kind.STRING)
                        && t.get(i + 2).value() != null) {
                    List<String> parts = NameChain.ofRegclassText(t.get(i + 2).value());
                    Optional<TableId> id = parts == null ? Optional.empty() : resolver.resolve(parts);
                    if (id.isPresent() && !resolver.isOwn(id.get())
                            && resolver.kind(id.get()) == RelationKind.SEQUENCE) {
                        sequences.add(id.get());
                    }
                }
            }
        }

        /** The parent of a foreign key is acted on by name, and becomes the branch's own with its child. */
        private void referencedTables() {
            for (int i = 0; i < t.size(); i++) {
                if (t.is(i, "references")) {
                    NameChain parent = NameChain.at(t, i + 1);
                    if (parent != null) {
                        materializeIfUpstream(parent);
                        targets.add(parent);
                    }
                }
            }
        }

        private static <T> Set<T> ordered(Set<T> set) {
            return Collections.unmodifiableSet(new LinkedHashSet<>(set));
        }
    }
}
