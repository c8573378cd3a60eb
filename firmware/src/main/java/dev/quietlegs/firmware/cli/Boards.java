package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.control.SystemClock;
import dev.quietlegs.firmware.service.CalibrationFile;
import dev.quietlegs.hardware.pi4j.BoardUnavailableException;
import dev.quietlegs.hardware.pi4j.Pi4jBoard;
import dev.quietlegs.hardware.pi4j.PiHost;
import dev.quietlegs.hardware.pi4j.RaspberryPi;
import dev.quietlegs.hardware.port.Board;
import dev.quietlegs.hardware.sensor.CalibratedSensors;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/** The board a command runs on: the Pi4J board on a Raspberry Pi, the simulated one elsewhere or with {@code --sim}. */
final class Boards {

    /** Made on first use: touching tinylog before the unit has configured it would freeze its defaults. */
    private static final class Log {
        static final TaggedLogger TAG = Logger.tag("board");
    }

    /**
     * A sensor reading further than this from zero with the cuff open means a bad sensor, a wrong
     * divider or a full cuff: the MPX5050's data sheet allows ±9.4 mmHg (0.088–0.313 V at zero).
     */
    static final double ZERO_TOLERANCE_MMHG = 10;
    /** After a restart the cuff may still hold air: the board starts vented, this lets it out before zeroing. */
    static final long VENT_BEFORE_ZERO_MS = 2000;

    private Boards() {
    }

    static boolean onRaspberryPi(boolean forceSim) {
        return !forceSim && PiHost.system().model().isPresent();
    }

    /**
     * On a Raspberry Pi the board reads its sensors through the state directory's calibration, if there is one.
     *
     * @throws UsageException the Pi is not set up for the board (overlay, groups, pin map): what to do, or
     *         its sensor calibration cannot be read (file:line: why)
     * @throws StartFailure   the board opened but its sensors could not be zeroed
     */
    static Board open(Unit unit, boolean forceSim) throws UsageException, StartFailure {
        if (!onRaspberryPi(forceSim)) {
            return new SimulatedBoard(unit.config().plant(), SystemClock.INSTANCE::nanos, unit.config().motorMinDuty());
        }
        if (unit.config().pinMap() == null) {
            throw new UsageException(unit.config().source() + ": a cuff of " + unit.config().chambers()
                    + " chambers has no standard wiring: describe it in the board section");
        }
        Pi4jBoard board;
        try {
            board = RaspberryPi.open(PiHost.system(), unit.config().pinMap(), SystemClock.INSTANCE::nanos,
                    unit.config().motorMinDuty());
        } catch (BoardUnavailableException e) {
            throw new UsageException("the Raspberry Pi is not ready for the unit's board (use --sim for the simulator): "
                    + e.getMessage());
        }
        Log.TAG.info("{}: outputs safe, venting {} ms before zeroing the pressure sensors", board.describe(),
                VENT_BEFORE_ZERO_MS);
        try {
            Thread.sleep(VENT_BEFORE_ZERO_MS);
            board.calibrateZero(ZERO_TOLERANCE_MMHG);
        } catch (IllegalStateException e) {
            board.close();
            throw new StartFailure(e.getMessage());
        } catch (InterruptedException e) {
            board.close();
            Thread.currentThread().interrupt();
            throw new StartFailure("interrupted while zeroing the pressure sensors");
        }
        try { // the sensors as checked against a gauge ('service': zero, gauge), when they have been
            return CalibratedSensors.on(board, CalibrationFile.readOrNone(
                    CalibrationFile.in(unit.config().mqtt().stateDir(), false), unit.config().chamberNames()));
        } catch (ConfigException e) {
            board.close();
            throw new UsageException(e.getMessage());
        }
    }
}
