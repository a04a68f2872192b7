-- The history page filters one owner's generations by status, newest first (keyset order id DESC).
CREATE INDEX generation_jobs_account_status ON generation_jobs (account_id, status, id);
