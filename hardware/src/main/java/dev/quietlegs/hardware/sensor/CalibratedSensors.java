package dev.quietlegs.hardware.sensor;

import dev.quietlegs.hardware.port.Board;
import dev.quietlegs.hardware.port.Buttons;
import dev.quietlegs.hardware.port.Output;
import dev.quietlegs.hardware.port.OutputFrame;
import dev.quietlegs.hardware.port.OutputStage;
import dev.quietlegs.hardware.port.PressureSensors;
import dev.quietlegs.hardware.port.StatusLight;

/**
 * A board's pressure sensors with the unit's {@link SensorCalibration} applied to every reading,
 * whichever board reads them. The calibration can be replaced while the loop runs (a volatile
 * reference: a reading sees the old one or the new one, never half of each); reading allocates
 * nothing. Volts are passed through as the sensors give them; {@link #on} wraps a whole board, every
 * other part of it delegated unchanged.
 */
public final class CalibratedSensors implements PressureSensors {

    private final PressureSensors raw;
    private volatile SensorCalibration calibration;

    public CalibratedSensors(PressureSensors raw, SensorCalibration calibration) {
        if (calibration.chambers() != raw.chambers()) {
            throw new IllegalArgumentException("a calibration of " + calibration.chambers() + " chambers' sensors for "
                    + raw.chambers());
        }
        this.raw = raw;
        this.calibration = calibration;
    }

    /** {@code board} reading through {@code calibration}; everything else is the board's own. */
    public static Board on(Board board, SensorCalibration calibration) {
        CalibratedSensors sensors = new CalibratedSensors(board.sensors(), calibration);
        return new Board() {
            @Override
            public OutputStage outputs() {
                return board.outputs();
            }

            @Override
            public void write(OutputFrame frame) {
                board.write(frame);
            }

            @Override
            public OutputFrame written() {
                return board.written();
            }

            @Override
            public java.util.List<Output> forceSafe() {
                return board.forceSafe(); // the board's own: a simulated one minds a thread stuck in a driver
            }

            @Override
            public void heartbeat() {
                board.heartbeat();
            }

            @Override
            public PressureSensors sensors() {
                return sensors;
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
        };
    }

    public SensorCalibration calibration() {
        return calibration;
    }

    /** From the next reading on, {@code c} applies. Any thread. */
    public void apply(SensorCalibration c) {
        if (c.chambers() != raw.chambers()) {
            throw new IllegalArgumentException("a calibration of " + c.chambers() + " chambers' sensors for "
                    + raw.chambers());
        }
        calibration = c;
    }

    @Override
    public int chambers() {
        return raw.chambers();
    }

    @Override
    public void sample() {
        raw.sample();
    }

    @Override
    public double readMmHg(int chamber) {
        return calibration.correct(chamber, raw.readMmHg(chamber));
    }

    @Override
    public double readManifoldMmHg() {
        return calibration.correct(raw.chambers(), raw.readManifoldMmHg());
    }

    @Override
    public double volts(int chamber) {
        return raw.volts(chamber);
    }

    @Override
    public double manifoldVolts() {
        return raw.manifoldVolts();
    }
}
