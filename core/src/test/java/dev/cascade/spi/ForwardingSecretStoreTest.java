package dev.cascade.spi;

import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.secret.SecretAttributes;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMetadata;
import dev.cascade.secret.SecretValue;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForwardingSecretStoreTest {
    private static final SecretValue VALUE = SecretValue.of("forwarded-secret-value");

    /** Records the last call it got and answers with {@link #answer}, built per return type. */
    private static final class Recorder implements InvocationHandler {
        Method method;
        Object[] args;
        boolean flag;
        Object answer;

        @Override
        public Object invoke(Object proxy, Method m, Object[] a) {
            method = m;
            args = a;
            Class<?> type = m.getReturnType();
            if (type == boolean.class) {
                answer = flag;
            } else if (type == String.class) {
                answer = "delegate-name";
            } else if (type == Optional.class) {
                answer = Optional.of(new Object());
            } else if (type == List.class) {
                answer = new ArrayList<>();
            } else if (type == Map.class) {
                answer = new HashMap<>();
            } else if (type == SecretMetadata.class) {
                answer = new SecretMetadata(SecretKey.of("K"), "", Map.of(), Instant.EPOCH, 7);
            } else if (type == Subscription.class) {
                answer = (Subscription) () -> { };
            } else if (type == void.class) {
                answer = null;
            } else {
                throw new AssertionError("no answer for " + type);
            }
            return answer;
        }
    }

    private static Object argument(Class<?> type) {
        if (type == TenantId.class) {
            return TenantId.of("acme");
        } else if (type == NamespaceId.class) {
            return NamespaceId.of("company.team");
        } else if (type == SecretKey.class) {
            return SecretKey.of("GITHUB_TOKEN");
        } else if (type == SecretValue.class) {
            return VALUE;
        } else if (type == SecretAttributes.class) {
            return SecretAttributes.NONE;
        } else if (type == long.class) {
            return 41L;
        } else if (type == int.class) {
            return 17;
        } else if (type == ChangeListener.class) {
            return (ChangeListener) event -> { };
        }
        throw new AssertionError("no argument for " + type);
    }

    @Test
    void everyMethodOfTheInterfaceGoesToTheDelegateWithItsArgumentsAndAnswer() throws Exception {
        Recorder recorder = new Recorder();
        SecretStore delegate = (SecretStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SecretStore.class}, recorder);
        SecretStore forwarding = new ForwardingSecretStore(delegate) { };
        List<Method> methods = Arrays.stream(SecretStore.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers())).toList();
        assertThat(methods).hasSizeGreaterThanOrEqualTo(15);
        for (Method m : methods) {
            Object[] args = Arrays.stream(m.getParameterTypes()).map(ForwardingSecretStoreTest::argument).toArray();
            for (boolean flag : new boolean[] {true, false}) { // a boolean answer must be the delegate's, not a default
                recorder.method = null;
                recorder.flag = flag;
                Object result = m.invoke(forwarding, args);
                assertThat(recorder.method).as(m.getName()).isEqualTo(m);
                assertThat(recorder.args == null ? new Object[0] : recorder.args).as(m.getName()).containsExactly(args);
                if (m.getReturnType() == boolean.class) {
                    assertThat(result).as(m.getName()).isEqualTo(flag);
                } else {
                    assertThat(result).as(m.getName()).isSameAs(recorder.answer);
                }
            }
        }
    }

    @Test
    void anOverrideChangesOneMethodAndTheRestStillForwards() {
        Recorder recorder = new Recorder();
        SecretStore delegate = (SecretStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SecretStore.class}, recorder);
        SecretStore readOnly = new ForwardingSecretStore(delegate) {
            @Override
            public boolean isReadOnly() {
                return true;
            }
        };
        recorder.flag = false;
        assertThat(readOnly.isReadOnly()).isTrue();
        assertThat(recorder.method).isNull();
        assertThat(readOnly.supportsCompareAndSet()).isFalse();
        assertThat(recorder.method.getName()).isEqualTo("supportsCompareAndSet");
    }

    @Test
    void namesTheDelegateWithoutAnyValueAndNeedsOne() {
        Recorder recorder = new Recorder();
        SecretStore delegate = (SecretStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SecretStore.class}, recorder);
        class Decorated extends ForwardingSecretStore {
            Decorated(SecretStore d) {
                super(d);
            }
        }
        Decorated store = new Decorated(delegate);
        store.get(TenantId.DEFAULT, NamespaceId.of("a"), SecretKey.of("K"));
        assertThat(store).hasToString("Decorated[delegate-name]");
        assertThat(store.toString()).doesNotContain(VALUE.reveal());
        SecretStore anonymous = new ForwardingSecretStore(delegate) { }; // it has no simple name: its full name
        assertThat(anonymous).hasToString(anonymous.getClass().getName() + "[delegate-name]");
        assertThat(anonymous.getClass().getName()).startsWith(ForwardingSecretStoreTest.class.getName() + "$");
        assertThatThrownBy(() -> new Decorated(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("delegate");
    }
}
