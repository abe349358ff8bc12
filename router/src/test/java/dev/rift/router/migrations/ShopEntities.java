package dev.rift.router.migrations;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * JPA entities for the shop after migrations/flyway (V1..V10): what an application deployed with that migration maps.
 * Hibernate's {@code hbm2ddl.auto=validate} checks them against the catalog, table by table and column by column.
 */
final class ShopEntities {
    private ShopEntities() {}

    static List<Class<?>> all() {
        return List.of(Customer.class, Product.class, Order.class, Supplier.class, ProductSupplier.class,
                Shipment.class);
    }

    @Entity(name = "Customer")
    @Table(name = "customers")
    static class Customer {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Integer id;
        @Column(nullable = false, unique = true)
        String email;
        @Column(nullable = false)
        String name;
        @Column(nullable = false)
        String tier;
        @Column(name = "created_at", nullable = false)
        OffsetDateTime createdAt;
        @Column(name = "loyalty_points", nullable = false)
        int loyaltyPoints;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "referred_by")
        Customer referredBy;
    }

    @Entity(name = "Product")
    @Table(name = "products")
    static class Product {
        @Id
        Integer id;
        @Column(nullable = false)
        String sku;
        @Column(nullable = false)
        String title;
        @Column(nullable = false, precision = 10, scale = 2)
        BigDecimal price;
        @Column(nullable = false)
        int stock;
        @JdbcTypeCode(SqlTypes.JSON)
        @Column(nullable = false, columnDefinition = "jsonb")
        String attrs;
    }

    @Entity(name = "Order")
    @Table(name = "orders")
    static class Order {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Long id;
        @ManyToOne(fetch = FetchType.LAZY, optional = false)
        @JoinColumn(name = "customer_id")
        Customer customer;
        @Column(nullable = false, length = 20)
        String status;
        @Column(name = "placed_at", nullable = false)
        OffsetDateTime placedAt;
        @Column(name = "gift_message")
        String giftMessage;
        @Column(nullable = false, length = 16)
        String channel;
    }

    @Entity(name = "Supplier")
    @Table(name = "suppliers")
    static class Supplier {
        @Id
        @SequenceGenerator(name = "suppliers_id", sequenceName = "suppliers_id_seq", allocationSize = 1)
        @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "suppliers_id")
        Long id;
        @Column(nullable = false, unique = true)
        String name;
        @JdbcTypeCode(SqlTypes.CHAR)
        @Column(nullable = false, length = 2)
        String country;
        @Column(name = "created_at", nullable = false)
        OffsetDateTime createdAt;
    }

    @Entity(name = "ProductSupplier")
    @Table(name = "product_suppliers")
    @IdClass(ProductSupplier.Key.class)
    static class ProductSupplier {
        @Id
        @Column(name = "product_id")
        Integer productId;
        @Id
        @Column(name = "supplier_id")
        Long supplierId;
        @Column(name = "unit_cost", nullable = false, precision = 10, scale = 2)
        BigDecimal unitCost;

        static class Key implements Serializable {
            private static final long serialVersionUID = 1L;
            Integer productId;
            Long supplierId;

            @Override
            public boolean equals(Object o) {
                return o instanceof Key k && Objects.equals(productId, k.productId) && Objects.equals(supplierId, k.supplierId);
            }

            @Override
            public int hashCode() {
                return Objects.hash(productId, supplierId);
            }
        }
    }

    enum ShipmentState { pending, shipped, delivered }

    @Entity(name = "Shipment")
    @Table(name = "shipments")
    static class Shipment {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Long id;
        @ManyToOne(fetch = FetchType.LAZY, optional = false)
        @JoinColumn(name = "order_id")
        Order order;
        @Enumerated(EnumType.STRING)
        @JdbcTypeCode(SqlTypes.NAMED_ENUM)
        @Column(nullable = false, columnDefinition = "shipment_state")
        ShipmentState state;
        @Column(name = "shipped_at")
        OffsetDateTime shippedAt;
    }
}
