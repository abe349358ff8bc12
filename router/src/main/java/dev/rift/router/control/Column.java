package dev.rift.router.control;

/** A result column of a function of database {@code rift}. */
record Column(String name, ColumnType type) {
    static Column text(String name) {
        return new Column(name, ColumnType.TEXT);
    }

    static Column json(String name) {
        return new Column(name, ColumnType.JSON);
    }

    static Column int8(String name) {
        return new Column(name, ColumnType.INT8);
    }
}
