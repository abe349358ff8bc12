package dev.rift.pgwire;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.util.ResourceLeakDetector;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An allocator that remembers every buffer it hands out, so a test can prove that all of them
 * were released. Netty's leak detector only reports a leak when the garbage collector happens
 * to find it; this check is deterministic. Give it to an EmbeddedChannel through its config so
 * the decoder's cumulation buffers are tracked too.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {
    static {
        // Maven sets this too; repeated so a test run from an IDE is just as strict.
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    private final List<ByteBuf> allocated = new ArrayList<>();

    public TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private ByteBuf track(ByteBuf buf) {
        allocated.add(buf);
        return buf;
    }

    /** How many buffers were handed out, so a test can show it tracked something at all. */
    public int allocations() {
        return allocated.size();
    }

    public void assertAllReleased() {
        long live = allocated.stream().filter(b -> b.refCnt() > 0).count();
        assertTrue(live == 0, live + " of " + allocated.size() + " buffers were never released");
    }
}
