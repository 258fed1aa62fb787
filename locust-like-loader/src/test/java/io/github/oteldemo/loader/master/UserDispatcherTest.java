package io.github.oteldemo.loader.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected spreads are what Locust 2.12.1's {@code UsersDispatcher} gives for the same input. */
class UserDispatcherTest {

    private final UserDispatcher weighted = new UserDispatcher(Map.of("A", 5, "B", 1, "C", 2));
    private final List<String> workers = List.of("h1_a", "h2_a", "h1_b");

    @Test
    void spreadsTenUsersLikeLocust() {
        assertThat(weighted.distribute(10, workers)).isEqualTo(Map.of(
                "h1_a", Map.of("A", 2, "B", 0, "C", 2),
                "h2_a", Map.of("A", 1, "B", 1, "C", 1),
                "h1_b", Map.of("A", 3, "B", 0, "C", 0)));
    }

    @Test
    void rampDownRemovesTheLastStartedUsersFirst() {
        assertThat(weighted.distribute(7, workers)).isEqualTo(Map.of(
                "h1_a", Map.of("A", 2, "B", 0, "C", 1),
                "h2_a", Map.of("A", 0, "B", 1, "C", 1),
                "h1_b", Map.of("A", 2, "B", 0, "C", 0)));
        assertThat(weighted.distribute(3, workers)).isEqualTo(Map.of(
                "h1_a", Map.of("A", 1, "B", 0, "C", 0),
                "h2_a", Map.of("A", 0, "B", 0, "C", 1),
                "h1_b", Map.of("A", 1, "B", 0, "C", 0)));
    }

    @Test
    void normalisesWeightsLikeLocust() {
        UserDispatcher dispatcher = new UserDispatcher(Map.of("D", 3, "E", 2));
        assertThat(dispatcher.distribute(9, List.of("w_2", "w_1"))).isEqualTo(Map.of(
                "w_1", Map.of("D", 3, "E", 2),
                "w_2", Map.of("D", 2, "E", 2)));
    }

    @Test
    void alternatesHostsBeforeFillingOne() {
        assertThat(UserDispatcher.dispatchOrder(List.of("h1_b", "h1_a", "h2_a"))).containsExactly("h1_a", "h2_a", "h1_b");
    }

    @Test
    void evenAcrossWorkersForOneClass() {
        UserDispatcher single = new UserDispatcher(Map.of("WebsiteUser", 1));
        assertThat(single.distribute(5, List.of("x_1", "x_2"))).isEqualTo(Map.of(
                "x_1", Map.of("WebsiteUser", 3), "x_2", Map.of("WebsiteUser", 2)));
        assertThat(single.distribute(5, List.of())).isEmpty();
    }

    @Test
    void rejectsBadWeights() {
        assertThatThrownBy(() -> new UserDispatcher(Map.of())).hasMessage("at least one user class is needed");
        assertThatThrownBy(() -> new UserDispatcher(Map.of("A", 0)))
                .hasMessage("user class A has weight 0; it must be positive");
    }
}
