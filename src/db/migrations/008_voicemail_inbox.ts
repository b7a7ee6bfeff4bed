/** The voicemail inbox: who a message is given to, its case and contact, when it was handled. */
export default `
ALTER TABLE voicemails ADD COLUMN assigned_to INTEGER REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE voicemails ADD COLUMN case_id INTEGER REFERENCES cases(id) ON DELETE SET NULL;
ALTER TABLE voicemails ADD COLUMN interaction_id INTEGER REFERENCES interactions(id) ON DELETE SET NULL;
ALTER TABLE voicemails ADD COLUMN handled_at TEXT;
ALTER TABLE voicemails ADD COLUMN handled_by INTEGER REFERENCES users(id) ON DELETE SET NULL;
CREATE INDEX voicemails_box ON voicemails(box, handled_at, created_at);
`;
