package dev.lockstep.verify;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each row of the bad-input table: the exception, its exact message, and the object's state unchanged. */
class BadInputTest {

    static List<BadInputs.Row> rows() {
        return BadInputs.rows();
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("rows")
    void refusedCleanly(BadInputs.Row row) {
        assertNull(VerificationReport.verify(row), row.api() + "." + row.call());
    }
}
