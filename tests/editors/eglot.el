;;; eglot.el --- the editors/README.md snippet for Emacs, applied in batch Emacs -*- lexical-binding: t -*-
;; HARTONOMOUS_SNIPPET is the snippet's file, HARTONOMOUS_PROJECT a git copy of the example.
(require 'package)
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")  ; Debian's elpa-eglot
(package-initialize)
(require 'sql)
(require 'eglot)
(require 'flymake)
(load (getenv "HARTONOMOUS_SNIPPET") nil t)
(setq eglot-sync-connect 30)

(defun fail (fmt &rest args)
  (princ (concat "FAIL: " (apply #'format fmt args) "\n") #'external-debugging-output)
  (kill-emacs 1))

(defun dump-events ()
  (let ((server (eglot-current-server)))
    (when server
      (with-current-buffer (jsonrpc-events-buffer server)
        (princ (buffer-substring-no-properties (max (point-min) (- (point-max) 6000)) (point-max))
               #'external-debugging-output)))))

(defun wait-for (what pred)
  (let ((deadline (+ (float-time) 60)) value)
    (while (and (not (setq value (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.1))
    (or value (fail "timed out waiting for %s" what))))

(find-file (expand-file-name "Tables/dbo.BillingUsageLedger_InMemory.sql"
                             (getenv "HARTONOMOUS_PROJECT")))
(unless (eq major-mode 'sql-mode) (sql-mode))
;; eglot-ensure starts the server from the command loop, which batch Emacs does not run.
(run-hooks 'post-command-hook)
(wait-for "eglot" (lambda () (eglot-current-server)))
(let ((diag (wait-for "the HT101 diagnostic"
                      (lambda ()
                        (seq-find (lambda (d) (string-match-p "HT101"
                                                              (flymake-diagnostic-text d)))
                                  (flymake-diagnostics))))))
  (goto-char (flymake-diagnostic-beg diag))
  (princ (format "diagnostic: line %d: %s\n" (line-number-at-pos)
                 (buffer-substring (line-beginning-position) (line-end-position))))
  ;; A keyboard event, so that eglot asks with completing-read rather than a pop-up menu.
  (let ((last-nonmenu-event ?\r)
        (completing-read-function
         (lambda (_prompt collection &rest _)
           (seq-find (lambda (c) (string-prefix-p "HT101:" c))
                     (all-completions "" collection)))))
    (condition-case err
        (eglot-code-actions (point) (point) nil t)
      (error (dump-events) (fail "code action: %S" err))))
  (wait-for "the fix" (lambda () (save-excursion
                                    (goto-char (point-min))
                                    (search-forward "DURABILITY = SCHEMA_AND_DATA" nil t))))
  (save-buffer)
  (princ "fixed\n"))
(kill-emacs 0)
