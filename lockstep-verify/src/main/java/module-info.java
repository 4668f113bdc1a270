/** Lockstep verifies itself: model-checked primitives, regression scenarios, stress and bad input. */
module dev.lockstep.verify {
    requires dev.lockstep.explorer;
    exports dev.lockstep.verify;
}
