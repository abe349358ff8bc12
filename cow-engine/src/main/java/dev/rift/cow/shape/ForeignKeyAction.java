package dev.rift.cow.shape;

/** {@code pg_constraint.confupdtype / confdeltype}. */
public enum ForeignKeyAction {
    NO_ACTION, RESTRICT, CASCADE, SET_NULL, SET_DEFAULT;

    public static ForeignKeyAction of(String code) {
        return switch (code) {
            case "a" -> NO_ACTION;
            case "r" -> RESTRICT;
            case "c" -> CASCADE;
            case "n" -> SET_NULL;
            case "d" -> SET_DEFAULT;
            default -> throw new IllegalArgumentException("unknown foreign key action " + code);
        };
    }

    /** Whether the action writes to the referencing table (so it needs that table's delta in the same layer). */
    public boolean writesReferencingTable() {
        return this == CASCADE || this == SET_NULL || this == SET_DEFAULT;
    }
}
