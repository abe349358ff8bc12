package dev.rift.pgwire.message;

import dev.rift.pgwire.CString;
import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/** RowDescription ('T'): the columns of the rows that follow. */
public record RowDescription(List<Field> fields) implements BackendMessage {
    public static final char TYPE = 'T';

    /**
     * One column. {@code tableOid} and {@code columnAttr} name the table column it comes from, or
     * are 0 for a computed one; {@code typeSize} is negative for variable-width types;
     * {@code format} is 0 for text, 1 for binary.
     */
    public record Field(String name, int tableOid, short columnAttr, int typeOid, short typeSize,
                        int typeModifier, short format) {
    }

    public RowDescription {
        fields = List.copyOf(fields);
    }

    public static RowDescription decode(ByteBuf frame) {
        ByteBuf body = Frame.body(frame);
        int count = body.readUnsignedShort();
        List<Field> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            fields.add(new Field(CString.read(body), body.readInt(), body.readShort(), body.readInt(),
                    body.readShort(), body.readInt(), body.readShort()));
        }
        return new RowDescription(fields);
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        out.writeShort(fields.size());
        for (Field f : fields) {
            CString.write(out, f.name());
            out.writeInt(f.tableOid());
            out.writeShort(f.columnAttr());
            out.writeInt(f.typeOid());
            out.writeShort(f.typeSize());
            out.writeInt(f.typeModifier());
            out.writeShort(f.format());
        }
        Frame.finish(out, at);
    }
}
