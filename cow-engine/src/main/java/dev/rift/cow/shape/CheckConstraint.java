package dev.rift.cow.shape;

/** A CHECK constraint: its name and {@code pg_get_constraintdef()} (schema-qualified, so valid in any schema). */
public record CheckConstraint(String name, String definition) {
}
