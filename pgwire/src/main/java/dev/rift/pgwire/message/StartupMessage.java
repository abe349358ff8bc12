package dev.rift.pgwire.message;

import dev.rift.pgwire.CString;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** StartupMessage: protocol version and the connection parameters (user, database, options…). */
public record StartupMessage(int protocolVersion, Map<String, String> parameters) implements StartupPacket {
    public static final int PROTOCOL_3_0 = 196608;

    public StartupMessage {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public int majorVersion() {
        return protocolVersion >>> 16;
    }

    public String user() {
        return parameters.get("user");
    }

    /** The database parameter, defaulting to the user name as PostgreSQL does. */
    public String database() {
        String db = parameters.get("database");
        return db == null || db.isEmpty() ? user() : db;
    }

    /** A copy with one parameter replaced (or added). */
    public StartupMessage with(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.put(name, value);
        return new StartupMessage(protocolVersion, copy);
    }

    /** Decodes a whole startup packet, length included. */
    public static StartupMessage decode(ByteBuf packet) {
        ByteBuf in = packet.duplicate();
        in.skipBytes(4);
        int version = in.readInt();
        Map<String, String> params = new LinkedHashMap<>();
        while (in.isReadable()) {
            String name = CString.read(in);
            if (name.isEmpty()) {
                if (in.isReadable()) {
                    throw new CorruptedFrameException("startup packet has data after its terminator");
                }
                return new StartupMessage(version, params);
            }
            if (!in.isReadable()) {
                throw new CorruptedFrameException("startup parameter \"" + name + "\" has no value");
            }
            params.put(name, CString.read(in));
        }
        throw new CorruptedFrameException("startup packet is not terminated");
    }

    public void encode(ByteBuf out) {
        int start = out.writerIndex();
        out.writeInt(0);
        out.writeInt(protocolVersion);
        parameters.forEach((k, v) -> {
            CString.write(out, k);
            CString.write(out, v);
        });
        out.writeByte(0);
        out.setInt(start, out.writerIndex() - start);
    }
}
