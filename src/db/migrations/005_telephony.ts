/** Telephony settings per dialed number. */
export default `
-- How long a caller hears ringing before the appliance answers the number (0: at once).
ALTER TABLE dids ADD COLUMN ring_s INTEGER NOT NULL DEFAULT 0 CHECK (ring_s BETWEEN 0 AND 120);
`;
