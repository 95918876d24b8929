/**
 * Spring Boot 4 auto-configuration for Cascade: {@link dev.cascade.spring.boot.CascadeAutoConfiguration} builds a
 * {@code Cascade} from {@code cascade.*} properties ({@link dev.cascade.spring.boot.CascadeProperties}) and exposes
 * it with its {@code Resolver} and {@code NamespaceManagement}; with {@code cascade-storage-jdbc} and a
 * {@code DataSource} it stores on the application's database; with Micrometer it records Cascade's meters and
 * observations; with Spring Boot's health module it reports one health component per store. Every bean backs off
 * when the application defines its own.
 *
 * <p><b>API.</b>
 */
package dev.cascade.spring.boot;
