package dev.rift.router.overlay;

import dev.rift.cow.ColumnOrigins;
import dev.rift.pgwire.message.RowDescription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a RowDescription so that a column read through a branch's merged view or data table names the table column,
 * and a whole row of it has the table's row type, as the same query on a full copy would (a copy made with
 * CREATE DATABASE ... TEMPLATE has the upstream's OIDs).
 */
final class RowOrigins {
    private RowOrigins() {
    }

    /** The frame itself when no column comes from a layer relation, else a rewritten one (the original released). */
    static ByteBuf rewrite(ByteBuf frame, ColumnOrigins origins, ByteBufAllocator alloc) {
        RowDescription description = RowDescription.decode(frame);
        List<RowDescription.Field> fields = new ArrayList<>(description.fields().size());
        boolean changed = false;
        for (RowDescription.Field f : description.fields()) {
            ColumnOrigins.Column c = f.tableOid() == 0 ? null : origins.of(f.tableOid(), f.columnAttr());
            int type = origins.type(f.typeOid());
            if (c == null && type == f.typeOid()) {
                fields.add(f);
            } else {
                fields.add(new RowDescription.Field(f.name(), c == null ? f.tableOid() : c.table(),
                        c == null ? f.columnAttr() : c.number(), type, f.typeSize(), f.typeModifier(), f.format()));
                changed = true;
            }
        }
        if (!changed) {
            return frame;
        }
        frame.release();
        ByteBuf out = alloc.buffer();
        new RowDescription(fields).encode(out);
        return out;
    }
}
