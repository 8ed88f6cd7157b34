package dev.tta.workflow.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tta.workflow.processor.Sources.NULLABLE;
import static dev.tta.workflow.processor.Sources.ORDER;
import static dev.tta.workflow.processor.Sources.compile;
import static dev.tta.workflow.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The generated source, compared as exact text with the files in {@code src/test/resources/golden/}: its formatting
 * is part of the product (users read it in their IDE), so even whitespace changes must be deliberate.
 *
 * <p>To accept a deliberate change, regenerate the golden files from the actual output and review the diff:
 * {@code ./mvnw -pl workflow-processor test -Dtest=GoldenFileTest -Dgolden.update=true}.
 */
class GoldenFileTest {

    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @Test
    void plainClass() throws IOException {
        JavaFileObject validate = source("com.acme.Validate", """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import dev.tta.workflow.annotations.Observed;

                @Observed
                public class Validate extends WorkflowPrimitive<Order, Order> {
                    private final String rules;

                    public Validate(String rules) {
                        this.rules = rules;
                    }

                    @Override
                    public Order execute(Order order, WorkflowContext context) throws Exception {
                        if (order.quantity() <= 0) {
                            throw new IllegalArgumentException("quantity must be positive under " + rules);
                        }
                        return order;
                    }
                }
                """);
        assertGolden(compile(ORDER, validate), "com.acme.InstrumentedValidate");
    }

    @Test
    void genericClassWithRecursiveBound() throws IOException {
        JavaFileObject max = source("com.acme.Max", """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import dev.tta.workflow.annotations.Observed;
                import java.util.Collections;
                import java.util.List;

                @Observed
                public class Max<T extends Comparable<T>> extends WorkflowPrimitive<List<T>, T> {
                    @Override
                    public T execute(List<T> values, WorkflowContext context) {
                        return Collections.max(values);
                    }
                }
                """);
        assertGolden(compile(max), "com.acme.InstrumentedMax");
    }

    @Test
    void executeInheritedFromGenericSuperclass() throws IOException {
        JavaFileObject base = source("com.acme.Describe", """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import java.io.IOException;

                public abstract class Describe<X> extends WorkflowPrimitive<X, String> {
                    @Override
                    public String execute(X subject, WorkflowContext context) throws IOException {
                        return String.valueOf(subject);
                    }
                }
                """);
        JavaFileObject describeCount = source("com.acme.DescribeCount", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                @Observed
                public class DescribeCount extends Describe<Integer> {
                }
                """);
        assertGolden(compile(base, describeCount), "com.acme.InstrumentedDescribeCount");
    }

    @Test
    void nestedClass() throws IOException {
        JavaFileObject checkout = source("com.acme.Checkout", """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import dev.tta.workflow.annotations.Observed;

                public class Checkout {
                    @Observed
                    public static class Pay extends WorkflowPrimitive<Order, String> {
                        @Override
                        public String execute(Order order, WorkflowContext context) throws Exception {
                            return "paid " + order.id();
                        }
                    }
                }
                """);
        assertGolden(compile(ORDER, checkout), "com.acme.InstrumentedCheckout_Pay");
    }

    @Test
    void severalConstructors() throws IOException {
        JavaFileObject load = source("com.acme.Load", """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import dev.tta.workflow.annotations.Observed;
                import java.io.IOException;
                import java.nio.file.Files;
                import java.nio.file.Path;
                import java.util.List;

                @Observed
                class Load extends WorkflowPrimitive<String, String> {
                    private final String source;

                    Load() {
                        this("memory");
                    }

                    protected Load(String source) {
                        this.source = source;
                    }

                    public Load(String source, int... retries) {
                        this(source + retries.length);
                    }

                    public Load(Path path) throws IOException {
                        this(Files.readString(path));
                    }

                    <C extends CharSequence> Load(C prefix, List<? super C> seen) {
                        this(prefix.toString());
                        seen.add(prefix);
                    }

                    private Load(long ignored) {
                        this("never mirrored");
                    }

                    @Override
                    public String execute(String key, WorkflowContext context) throws Exception {
                        return source + key;
                    }
                }
                """);
        assertGolden(compile(load), "com.acme.InstrumentedLoad");
    }

    @Test
    void typeUseAnnotations() throws IOException {
        JavaFileObject lookup = source("com.acme.Lookup", """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import dev.tta.workflow.annotations.Observed;
                import java.util.List;
                import java.util.Map;

                @Observed
                public class Lookup<V extends @Nullable Object>
                        extends WorkflowPrimitive<@Nullable String, @Nullable List<@Nullable V>> {
                    private final Map<String, List<@Nullable V>> table;

                    public Lookup(Map<String, List<@Nullable V>> table, @Nullable String @Nullable [] aliases) {
                        this.table = table;
                    }

                    @Override
                    public @Nullable List<@Nullable V> execute(@Nullable String key, WorkflowContext context) {
                        return key == null ? null : table.get(key);
                    }
                }
                """);
        assertGolden(compile(NULLABLE, lookup), "com.acme.InstrumentedLookup");
    }

    @Test
    void executeWithoutThrowsAndParameterNamedInvocation() throws IOException {
        JavaFileObject upper = source("com.acme.Upper", """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import dev.tta.workflow.annotations.Observed;
                import java.util.Locale;

                /** Runs a tool invocation; its parameter name must not clash with the generated local variable. */
                @Observed(name = "upper-case")
                public class Upper extends WorkflowPrimitive<String, String> {
                    @Override
                    public String execute(String invocation, WorkflowContext context) {
                        return invocation.toUpperCase(Locale.ROOT);
                    }
                }
                """);
        assertGolden(compile(upper), "com.acme.InstrumentedUpper");
    }

    @Test
    void nestedClassNamedInvocation() throws IOException {
        JavaFileObject dispatch = source("com.acme.Dispatch", """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import dev.tta.workflow.annotations.Observed;

                @Observed
                public class Dispatch extends WorkflowPrimitive<Dispatch.Invocation, String> {
                    /** A user type that shares its simple name with the runtime's Invocation. */
                    public record Invocation(String tool) {
                    }

                    @Override
                    public String execute(Invocation call, WorkflowContext context) throws Exception {
                        return call.tool();
                    }
                }
                """);
        assertGolden(compile(dispatch), "com.acme.InstrumentedDispatch");
    }

    @Test
    void serviceClassObservedOnTheClass() throws IOException {
        JavaFileObject service = source("com.acme.OrderService", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;
                import java.io.IOException;
                import java.util.List;
                import java.util.concurrent.CompletableFuture;

                /** Every public and protected method is traced, but the excluded, static, final and private ones. */
                @Observed
                public class OrderService {
                    private final String region;

                    public OrderService(String region) {
                        this.region = region;
                    }

                    public String place(@Observed.Attribute("order.id") String orderId,
                            @Observed.Attribute int quantity, @Observed.Attribute("order.sizes") long[] sizes,
                            @Observed.Attribute("order.lines") List<Integer> lines, @Observed.Attribute Order order)
                            throws IOException {
                        return region + orderId + quantity + sizes.length + lines + order;
                    }

                    public void cancel(String orderId) {
                    }

                    public CompletableFuture<String> confirmAsync(@Observed.Attribute("order.id") String orderId) {
                        return CompletableFuture.completedFuture(orderId);
                    }

                    @Observed(name = "orders.lookup")
                    protected Order find(String id) {
                        return new Order(id, 1);
                    }

                    protected Order find(String id, int quantity) {
                        return new Order(id, quantity);
                    }

                    @Observed.Exclude
                    public String region() {
                        return region;
                    }

                    public final String describe() {
                        return "orders in " + region;
                    }

                    public static OrderService local() {
                        return new OrderService("local");
                    }

                    String packagePrivate() {
                        return helper();
                    }

                    private String helper() {
                        return region;
                    }

                    @Override
                    public String toString() {
                        return describe();
                    }
                }
                """);
        assertGolden(compile(ORDER, service), "com.acme.InstrumentedOrderService");
    }

    @Test
    void methodLevelObservedOnly() throws IOException {
        JavaFileObject client = source("com.acme.ModelClient", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                public class ModelClient {
                    public String untraced(String prompt) {
                        return prompt;
                    }

                    @Observed(name = "gen_ai.chat")
                    public String chat(@Observed.Attribute("gen_ai.request.model") String model, String prompt,
                            @Observed.Attribute("gen_ai.request.temperature") double temperature) {
                        return model + prompt + temperature;
                    }

                    @Observed
                    int countTokens(@Observed.Attribute("text.length") Integer length, char separator) {
                        return length;
                    }
                }
                """);
        assertGolden(compile(client), "com.acme.InstrumentedModelClient");
    }

    @Test
    void interfaceDecorator() throws IOException {
        JavaFileObject base = source("com.acme.Store", """
                package com.acme;

                import java.util.Optional;

                public interface Store<K, V> {
                    Optional<V> load(K key);

                    default boolean contains(K key) {
                        return load(key).isPresent();
                    }
                }
                """);
        JavaFileObject repository = source("com.acme.OrderRepository", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;
                import java.io.IOException;
                import java.util.List;
                import java.util.concurrent.CompletionStage;

                @Observed(name = "orders")
                public interface OrderRepository extends Store<String, Order> {
                    void save(@Observed.Attribute("order.id") String id, Order order) throws IOException;

                    CompletionStage<List<Order>> findAll(String... ids);

                    default int count(boolean includeCancelled) {
                        return 0;
                    }

                    <T extends Comparable<? super T>> T max(List<? extends T> values);

                    @Observed.Exclude
                    String health();

                    static OrderRepository empty() {
                        return null;
                    }
                }
                """);
        assertGolden(compile(ORDER, base, repository), "com.acme.InstrumentedOrderRepository");
    }

    @Test
    void abstractClass() throws IOException {
        JavaFileObject template = source("com.acme.Importer", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;
                import java.io.IOException;
                import java.util.List;

                @Observed
                public abstract class Importer<R> {
                    protected Importer() {
                    }

                    public List<R> importAll(List<String> lines) throws IOException {
                        return lines.stream().map(this::parse).toList();
                    }

                    protected abstract R parse(String line);
                }
                """);
        assertGolden(compile(template), "com.acme.InstrumentedImporter");
    }

    @Test
    void genericMethodsArraysVarargsAndTypeUseAnnotations() throws IOException {
        JavaFileObject outer = source("com.acme.Graph", """
                package com.acme;

                public class Graph<N> {
                    public class Edge {
                    }
                }
                """);
        JavaFileObject tools = source("com.acme.Tools", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;
                import java.util.Collection;
                import java.util.List;
                import java.util.Map;

                @Observed
                class Tools<E extends Exception> {
                    public <T extends Comparable<T>> @Nullable T max(List<? extends T> values) {
                        return values.isEmpty() ? null : values.get(0);
                    }

                    public int[][] grid(int @Nullable [] row, String... labels) throws E {
                        return new int[][] {row};
                    }

                    @SuppressWarnings("unchecked")
                    public <T> List<T> all(@Observed.Attribute("items") T... items) {
                        return List.of(items);
                    }

                    public void addAll(Collection<? super @Nullable String> target, Map<String, ? extends Number> m) {
                    }

                    public Graph<String>.Edge edge(Graph<String>.Edge edge) {
                        return edge;
                    }

                    public <X extends Exception & Runnable> void run(X task) throws X {
                        task.run();
                    }
                }
                """);
        assertGolden(compile(NULLABLE, outer, tools), "com.acme.InstrumentedTools");
    }

    @Test
    void innerClassOfAGenericOuter() throws IOException {
        JavaFileObject outer = source("com.acme.Catalog", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;
                import java.util.List;

                public class Catalog<T> {
                    final List<T> items;

                    public Catalog(List<T> items) {
                        this.items = items;
                    }

                    @Observed
                    protected class Page<S extends T> {
                        final int size;

                        public Page(int size) {
                            this.size = size;
                        }

                        public List<T> first() {
                            return items.subList(0, size);
                        }
                    }
                }
                """);
        assertGolden(compile(outer), "com.acme.InstrumentedCatalog_Page");
    }

    @Test
    void stepWithObservedMethodsAndAttributes() throws IOException {
        JavaFileObject step = source("com.acme.Price", """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import dev.tta.workflow.annotations.Observed;

                @Observed
                public class Price extends WorkflowPrimitive<Order, Long> {
                    @Override
                    public Long execute(@Observed.Attribute("order") Order order, WorkflowContext context) {
                        return quote(order.quantity());
                    }

                    @Observed
                    protected long quote(@Observed.Attribute("quantity") int quantity) {
                        return 100L * quantity;
                    }
                }
                """);
        assertGolden(compile(ORDER, step), "com.acme.InstrumentedPrice");
    }

    @Test
    void stepWithServiceLevelObjectives() throws IOException {
        JavaFileObject step = source("com.acme.agent.CallModel", """
                package com.acme.agent;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import dev.tta.workflow.annotations.AvailabilitySlo;
                import dev.tta.workflow.annotations.LatencySlo;
                import dev.tta.workflow.annotations.Observed;

                @Observed(workflow = "support-agent")
                @LatencySlo(target = 0.99, thresholdMillis = 300)
                @LatencySlo(name = "fast", target = 0.9, thresholdMillis = 100, periodDays = 7)
                @AvailabilitySlo(target = 0.999)
                public class CallModel extends WorkflowPrimitive<String, String> {
                    @Override
                    public String execute(String prompt, WorkflowContext context) {
                        return "answer to " + prompt;
                    }
                }
                """);
        assertGolden(compile(step), "com.acme.agent.InstrumentedCallModel");
    }

    @Test
    void classWithAnObjectiveOfItsOwnAndOneOnAMethod() throws IOException {
        JavaFileObject service = source("com.acme.Inventory", """
                package com.acme;

                import dev.tta.workflow.annotations.AvailabilitySlo;
                import dev.tta.workflow.annotations.LatencySlo;
                import dev.tta.workflow.annotations.Observed;

                @Observed(workflow = "checkout")
                @AvailabilitySlo(target = 0.995)
                public class Inventory {
                    public int stock(String sku) {
                        return sku.length();
                    }

                    @LatencySlo(target = 0.95, thresholdMillis = 1500, periodDays = 28)
                    @AvailabilitySlo(target = 0.9)
                    public void reserve(String sku, int quantity) {
                    }
                }
                """);
        assertGolden(compile(service), "com.acme.InstrumentedInventory");
    }

    private static void assertGolden(Compilation compilation, String qualifiedName) throws IOException {
        assertThat(compilation).succeededWithoutWarnings();
        Path golden = GOLDEN.resolve(qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1) + ".java");
        if (UPDATE) {
            String actual = compilation.generatedSourceFile(qualifiedName).orElseThrow()
                    .getCharContent(true).toString();
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(golden), () -> "missing golden file " + golden.toAbsolutePath()
                + "; run the test with -Dgolden.update=true to create it");
        assertThat(compilation).generatedSourceFile(qualifiedName).contentsAsUtf8String()
                .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
