package dev.quietlegs.firmware.safety;

import dev.quietlegs.hardware.port.Board;
import dev.quietlegs.hardware.port.Buttons;
import dev.quietlegs.hardware.port.Output;
import dev.quietlegs.hardware.port.OutputFrame;
import dev.quietlegs.hardware.port.OutputStage;
import dev.quietlegs.hardware.port.PressureSensors;
import dev.quietlegs.hardware.port.StatusLight;
import java.util.List;

/** A board that passes everything to another: tests override what they watch or break. */
class ForwardingBoard implements Board {

    private final Board board;

    ForwardingBoard(Board board) {
        this.board = board;
    }

    @Override
    public void write(OutputFrame frame) {
        board.write(frame);
    }

    @Override
    public List<Output> forceSafe() {
        return board.forceSafe();
    }

    @Override
    public OutputStage outputs() {
        return board.outputs();
    }

    @Override
    public void heartbeat() {
        board.heartbeat();
    }

    @Override
    public PressureSensors sensors() {
        return board.sensors();
    }

    @Override
    public Buttons buttons() {
        return board.buttons();
    }

    @Override
    public StatusLight light() {
        return board.light();
    }

    @Override
    public String describe() {
        return board.describe();
    }

    @Override
    public void close() {
        board.close();
    }
}
