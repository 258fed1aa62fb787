package io.github.oteldemo.loader.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oteldemo.loader.protocol.LocustVersion.Match;
import org.junit.jupiter.api.Test;

/** Locust 2.47's client_ready check: falsy is too old, -1 skips, the first four characters decide. */
class LocustVersionTest {

    @Test
    void classifiesAsLocustsMaster() {
        assertThat(LocustVersion.check(null)).isEqualTo(Match.TOO_OLD);
        assertThat(LocustVersion.check("")).isEqualTo(Match.TOO_OLD);
        assertThat(LocustVersion.check(false)).isEqualTo(Match.TOO_OLD);
        assertThat(LocustVersion.check(-1L)).isEqualTo(Match.SAME);
        assertThat(LocustVersion.check("2.47.0")).isEqualTo(Match.SAME);
        assertThat(LocustVersion.check("2.47.3")).isEqualTo(Match.OTHER_PATCH);
        assertThat(LocustVersion.check(LocustVersion.WORKER)).isEqualTo(Match.OTHER_PATCH);
        assertThat(LocustVersion.check("2.12.1")).isEqualTo(Match.OTHER);
        assertThat(LocustVersion.isJavaWorker(LocustVersion.WORKER)).isTrue();
        assertThat(LocustVersion.isJavaWorker("2.47.0")).isFalse();
    }
}
