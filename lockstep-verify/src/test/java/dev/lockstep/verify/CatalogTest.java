package dev.lockstep.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every primitive scenario and every regression scenario: dfs to exhaustion, then pct at a larger size. */
class CatalogTest {

    static List<Catalog.Check> checks() {
        return Catalog.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void verified(Catalog.Check check) {
        VerificationReport.CheckResult r = VerificationReport.run(check, 2_000);
        assertFalse(r.dfs().failed(), r.dfs().summary());
        assertTrue(r.dfs().exhausted(), check + ": " + r.dfs().summary());
        assertFalse(r.pct().failed(), r.pct().summary());
    }
}
