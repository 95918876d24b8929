package dev.cascade.secrets.vault;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Builds stores with a controllable clock and a sleeper that records instead of waiting. */
final class TestSupport {
    private TestSupport() {
    }

    /** The real time, moved on by hand. Thread-safe. */
    static final class MutableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration d) {
            offset = offset.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    static final class Harness {
        final MutableClock clock = new MutableClock();
        final List<Duration> sleeps = new CopyOnWriteArrayList<>();
        final VaultSecretStore store;

        Harness(VaultConfig config) {
            VaultHttp http = new VaultHttp(config, new ObjectMapper(), clock, sleeps::add, () -> 0.5);
            this.store = new VaultSecretStore(config, http);
        }
    }

    static VaultConfig.Builder v2(FakeVault vault) {
        return VaultConfig.builder().address(vault.address()).auth(VaultAuth.token(vault.rootToken));
    }

    static VaultConfig.Builder v1(FakeVault vault) {
        return v2(vault).mount("kv1").kvVersion(1);
    }
}
