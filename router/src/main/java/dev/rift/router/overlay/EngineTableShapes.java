package dev.rift.router.overlay;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.rift.cow.OverlayException;
import dev.rift.cow.TableId;
import dev.rift.cow.shape.Column;
import dev.rift.cow.shape.ForeignKey;
import dev.rift.cow.shape.TableShape;
import dev.rift.cow.shape.TableShapeReader;
import dev.rift.cow.shape.UniqueKey;
import dev.rift.pgwire.message.SqlState;
import dev.rift.router.sql.TableShapes;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** Upstream table definitions for the statement router, read by the engine's shape reader and cached briefly. */
public final class EngineTableShapes implements TableShapes {
    private final DataSource dataSource;
    private final Cache<TableId, TableShape> shapes = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(30)).build();

    public EngineTableShapes(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<ColumnType> columns(TableId table) {
        List<ColumnType> out = new ArrayList<>();
        for (Column c : shape(table).columns()) {
            out.add(new ColumnType(c.name(), c.type(), c.isGenerated()));
        }
        return out;
    }

    @Override
    public List<List<String>> uniqueKeys(TableId table) {
        TableShape s = shape(table);
        List<List<String>> keys = new ArrayList<>();
        s.primaryKey().ifPresent(pk -> keys.add(pk.columns()));
        for (UniqueKey u : s.uniqueKeys()) {
            if (!u.primary()) {
                keys.add(u.columns());
            }
        }
        return keys;
    }

    @Override
    public List<String> primaryKey(TableId table) {
        return shape(table).keyColumns();
    }

    @Override
    public Set<TableId> referencingTables(TableId table) {
        Set<TableId> out = new LinkedHashSet<>();
        for (ForeignKey fk : shape(table).incoming()) {
            out.add(fk.child());
        }
        return out;
    }

    @Override
    public boolean linkedByForeignKeys(TableId table) {
        TableShape s = shape(table);
        return !s.incoming().isEmpty() || !s.outgoing().isEmpty();
    }

    @Override
    public boolean inPartitionTree(TableId table) {
        return shape(table).partitions().isPresent();
    }

    private TableShape shape(TableId table) {
        return shapes.get(table, this::read);
    }

    private TableShape read(TableId table) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                OptionalLong relid = TableShapeReader.relid(c, table);
                if (relid.isEmpty()) {
                    throw new OverlayException("42P01", "relation \"" + table + "\" does not exist");
                }
                return TableShapeReader.read(c, relid.getAsLong());
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new OverlayException(SqlState.INTERNAL_ERROR, "could not read the definition of " + table + ": "
                    + e.getMessage(), e);
        }
    }
}
